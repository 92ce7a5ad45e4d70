import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints a development token (HS256, signed with the development secret) for `make token AGENT=<uuid>`.
 * Run as a single-file program: java src/local/DevToken.java AGENT [NAME] [QUEUES] [CAPACITY] [SCOPE].
 * QUEUES entries may carry a level (english:5,bahasa:2) and go as they are into the list claim; CAPACITY is a number
 * (every channel together) or counts per channel (chat:3,email:5), which become a JSON object claim.
 * The secret is CHAT_TICKET_SECURITY_JWT_SECRET, else the development one in application-dev.properties. The token is the last line.
 */
public class DevToken {

    public static void main(final String[] args) throws Exception {
        if (args.length == 0 || args[0].isBlank()) {
            System.err.println("usage: make token AGENT=<agent uuid> [NAME=...] [QUEUES=q1,q2:level]"
                    + " [CAPACITY=n|chat:n,email:n] [SCOPE=...]");
            System.exit(2);
        }
        final String agent = args[0];
        final StringBuilder claims = new StringBuilder()
                .append("{\"sub\":\"").append(agent).append('"')
                .append(",\"name\":\"").append(arg(args, 1, "Agent " + agent.substring(0, Math.min(8, agent.length())))).append('"');
        final String queues = arg(args, 2, "");
        if (!queues.isBlank()) {
            claims.append(",\"queues\":[\"").append(String.join("\",\"", queues.split(","))).append("\"]");
        }
        final String capacity = arg(args, 3, "");
        if (capacity.contains(":")) {
            claims.append(",\"capacity\":").append(perChannel(capacity));
        } else if (!capacity.isBlank()) {
            claims.append(",\"capacity\":").append(Integer.parseInt(capacity.trim()));
        }
        final String scope = arg(args, 4, "");
        if (!scope.isBlank()) {
            claims.append(",\"scope\":\"").append(scope).append('"');
        }
        final long now = Instant.now().getEpochSecond();
        claims.append(",\"iat\":").append(now).append(",\"exp\":").append(now + 8 * 3600).append('}');
        final String unsigned = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64(claims.toString());
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        System.err.println("token for agent " + agent + " (claims " + claims + "), valid 8 hours:");
        System.out.println(unsigned + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * chat:3,email:5 as the JSON object {"chat":3,"email":5}; a count that is no number is kept as text, so that the
     * service's answer to it (400) can be tried.
     */
    private static String perChannel(final String capacity) {
        final StringBuilder object = new StringBuilder("{");
        for (final String entry : capacity.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            final int colon = entry.indexOf(':');
            final String channel = colon < 0 ? entry.trim() : entry.substring(0, colon).trim();
            final String count = colon < 0 ? "" : entry.substring(colon + 1).trim();
            object.append(object.length() > 1 ? "," : "").append('"').append(channel).append("\":")
                    .append(count.matches("-?\\d+") ? count : '"' + count + '"');
        }
        return object.append('}').toString();
    }

    private static String arg(final String[] args, final int index, final String fallback) {
        return args.length > index && !args[index].isBlank() ? args[index] : fallback;
    }

    private static String secret() throws Exception {
        final String fromEnv = System.getenv("CHAT_TICKET_SECURITY_JWT_SECRET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        final Properties props = new Properties();
        try (var in = Files.newBufferedReader(Path.of("src/main/resources/application-dev.properties"))) {
            props.load(in);
        }
        return props.getProperty("chat-ticket.security.jwt-secret");
    }

    private static String base64(final String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
