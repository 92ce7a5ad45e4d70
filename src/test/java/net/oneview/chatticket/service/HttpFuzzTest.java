package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.service.FuzzRequests.Probe;
import net.oneview.chatticket.service.FuzzTokens.Kind;
import net.oneview.chatticket.service.RawHttp.Reply;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random requests against the running service (its own broker; the token audience checked): whatever the path,
 * method, headers, body or token, no answer is a 5xx, none shows a stack trace or a class name, every error has the
 * blueprint's body, no invalid token gets a 2xx, and no agent's token gets another agent's data.
 *
 * <p>The seed is printed; {@code -Dhttp.fuzz.seed=<seed>} replays a run, {@code -Dhttp.fuzz.requests=<n>} changes
 * its length, {@code -Dhttp.fuzz.trace=true} prints each request with its status.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class HttpFuzzTest {

    static final String QUEUE = "fuzz";
    private static final String SEED_PROPERTY = "http.fuzz.seed";
    private static final int REQUESTS = Integer.getInteger("http.fuzz.requests", 1_200);
    /** {@code -Dhttp.fuzz.trace=true} prints every request with its answer's status. */
    private static final boolean TRACE = Boolean.getBoolean("http.fuzz.trace");
    private static final String SCOPE = "http-fuzz";
    private static final List<String> INTERNALS = List.of("Exception", "Caused by", "at net.oneview", "at java.",
            "at org.", "java.lang", "net.oneview", "org.springframework", "org.apache", "tools.jackson", "Whitelabel",
            "Tomcat", "<html", "\"trace\"");
    private static final Set<String> HTTP_CLIENT_METHODS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD",
            "OPTIONS");
    private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "expect", "connection", "content-length",
            "upgrade");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private int port;

    @Test
    void noRequestGetsA5xxAStackTraceAnErrorOutsideTheBlueprintOrAnotherAgentsData(final EmbeddedKafkaBroker broker)
            throws Exception {
        final long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        System.out.println("HTTP fuzz: seed " + seed + ", " + REQUESTS + " requests (replay: -D" + SEED_PROPERTY + "="
                + seed + ")");
        final Random random = new Random(seed);
        try (ConfigurableApplicationContext service = Services.start(broker.getBrokersAsString(), SCOPE, "http-fuzz",
                "target/streams-state/http-fuzz-" + UUID.randomUUID(),
                "--chat-ticket.security.audience=" + FuzzTokens.AUDIENCE)) {
            port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            final Map<String, List<String>> tickets = seedAgentsWithTickets(random, broker.getBrokersAsString());
            final FuzzRequests requests = new FuzzRequests(random, List.copyOf(tickets.keySet()), tickets);

            final List<String> violations = new ArrayList<>();
            final Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < REQUESTS; i++) {
                final Probe probe = requests.next();
                final String request = "#" + i + " " + probe.description() + ": ";
                try {
                    final Reply reply = send(probe, random);
                    statuses.merge(reply.status(), 1, Integer::sum);
                    if (TRACE) {
                        System.out.println(request + reply.status());
                    }
                    violations(probe, reply, tickets).forEach(violation -> violations.add(request + violation));
                } catch (IOException e) {
                    violations.add(request + "no answer: " + e);
                }
            }
            System.out.println("HTTP fuzz: answers by status " + statuses);

            assertThat(violations).as("seed " + seed + " (replay: -D" + SEED_PROPERTY + "=" + seed + ")").isEmpty();
        }
    }

    /** Three agents online, each holding tickets: data another agent's token must never see. */
    private Map<String, List<String>> seedAgentsWithTickets(final Random random, final String brokers)
            throws Exception {
        final List<String> agents = List.of(uuid(random), uuid(random), uuid(random));
        final FuzzTokens tokens = new FuzzTokens(random);
        for (final String agent : agents) {
            final Probe online = new Probe("PUT", RawHttp.ascii("/v1/" + agent + "/online"),
                    Map.of("Authorization", tokens.make(Kind.OWN, agent, agent).header()), null, null, agent, "seed");
            assertThat(send(online, random).status()).isEqualTo(200);
        }
        final List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", "mock://" + SCOPE), false))) {
            for (int i = 0; i < 2 * agents.size(); i++) {
                final String id = uuid(random);
                producer.send(new ProducerRecord<>("ticket-created", id, ticket(id))).get();
                ids.add(id);
            }
        }
        final Map<String, List<String>> held = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (final String agent : agents) {
                held.put(agent, heldTickets(agent, ids, tokens, random));
            }
            return held.values().stream().mapToInt(List::size).sum() == ids.size()
                    && held.values().stream().noneMatch(List::isEmpty);
        });
        return held;
    }

    private List<String> heldTickets(final String agent, final List<String> ids, final FuzzTokens tokens,
            final Random random) throws IOException, InterruptedException {
        final Probe get = new Probe("GET", RawHttp.ascii("/v1/" + agent + "/tickets"),
                Map.of("Authorization", tokens.make(Kind.OWN, agent, agent).header()), null, null, agent, "seed");
        final String body = send(get, random).text();
        return ids.stream().filter(body::contains).toList();
    }

    /** Through java.net.http.HttpClient when it can send the request, otherwise (or at random) over a raw socket. */
    private Reply send(final Probe probe, final Random random) throws IOException, InterruptedException {
        final URI uri = httpClientUri(probe);
        if (uri != null && random.nextInt(4) > 0) {
            try {
                return viaHttpClient(probe, uri);
            } catch (IllegalArgumentException e) {  // a request HttpClient refuses: the socket sends it as it is
            }
        }
        return RawHttp.send(port, probe.method(), probe.target(), probe.headers(), probe.body());
    }

    private Reply viaHttpClient(final Probe probe, final URI uri) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(probe.body()));
        probe.headers().forEach((name, value) -> request.header(name, new String(value, StandardCharsets.US_ASCII)));
        final HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        final Map<String, List<String>> headers = response.headers().map().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        return new Reply(response.statusCode(), headers, response.body());
    }

    /** The URI HttpClient would send the probe to, or null when HttpClient cannot send it as it is. */
    private URI httpClientUri(final Probe probe) {
        final boolean printable = probe.headers().values().stream().allMatch(HttpFuzzTest::printableAscii)
                && printableAscii(probe.target());
        if (!printable || probe.target()[0] != '/' || !HTTP_CLIENT_METHODS.contains(probe.method())
                || probe.headers().keySet().stream()
                .anyMatch(name -> RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT)))) {
            return null;
        }
        try {
            final URI uri = URI.create("http://localhost:" + port
                    + new String(probe.target(), StandardCharsets.US_ASCII));
            return uri.getRawFragment() == null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private List<String> violations(final Probe probe, final Reply reply, final Map<String, List<String>> tickets) {
        final List<String> found = new ArrayList<>();
        final String body = reply.text();
        if (reply.status() >= 500) {
            found.add("answered " + reply.status() + " " + abbreviated(body));
        }
        internals(probe, reply).stream().filter(body::contains)
                .forEach(word -> found.add("the body shows internals ('" + word + "'): " + abbreviated(body)));
        if (reply.status() >= 400 && !probe.method().equals("HEAD")) {
            found.addAll(errorShape(reply));
        }
        if (reply.status() / 100 == 2) {
            found.addAll(successViolations(probe, body, tickets));
        }
        return found;
    }

    /**
     * What no body may show. Instances read each other's stores as Avro JSON, whose unions name their branch by the
     * schema's full name (net.oneview...): the Avro contract's names, expected in such an answer.
     */
    private static List<String> internals(final Probe probe, final Reply reply) {
        final boolean storeRead = reply.status() / 100 == 2
                && new String(probe.target(), StandardCharsets.ISO_8859_1).startsWith("/internal/stores/");
        return storeRead ? INTERNALS.stream().filter(word -> !word.equals("net.oneview")).toList() : INTERNALS;
    }

    /** An error is the blueprint's body: {"errorCode": status, "errorMessage": its message}, as JSON. */
    private List<String> errorShape(final Reply reply) {
        final String type = reply.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return List.of("error " + reply.status() + " with Content-Type " + type + ": " + abbreviated(reply.text()));
        }
        final JsonNode error;
        try {
            error = json.readTree(reply.text());
        } catch (RuntimeException e) {
            return List.of("error " + reply.status() + " whose body is not JSON: " + abbreviated(reply.text()));
        }
        final boolean blueprint = error.isObject() && error.propertyNames().equals(Set.of("errorCode", "errorMessage"))
                && error.get("errorCode").asInt() == reply.status()
                && error.get("errorMessage").asString().equals(message(reply.status()));
        return blueprint ? List.of() : List.of("error body not the blueprint's: " + abbreviated(reply.text()));
    }

    /** A 2xx needs a valid token (outside the health check), and shows only the token's own agent's data. */
    private List<String> successViolations(final Probe probe, final String body,
            final Map<String, List<String>> tickets) {
        final List<String> found = new ArrayList<>();
        final FuzzTokens.Token token = probe.token();
        final String target = new String(probe.target(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        final boolean open = target.contains("actuator") || target.contains("error") || target.contains("livez")
                || target.contains("readyz");
        if (!token.kind().valid && !open) {
            found.add("a token of kind " + token.kind() + " was accepted: " + abbreviated(body));
        }
        if (!token.kind().valid || token.supervisor()) {
            return found;
        }
        final String own = token.subject() == null ? "" : token.subject().toLowerCase(Locale.ROOT);
        if (probe.pathAgent() != null && !probe.pathAgent().equals(own) && !probe.method().equals("OPTIONS")) {
            found.add("agent " + own + " was answered for agent " + probe.pathAgent());
        }
        tickets.forEach((agent, held) -> {
            if (!agent.equals(own) && (body.contains(agent) || held.stream().anyMatch(body::contains))) {
                found.add("agent " + own + " was shown agent " + agent + "'s data: " + abbreviated(body));
            }
        });
        return found;
    }

    /** The blueprint's messages; statuses it does not list use their reason phrase in the same style. */
    private static String message(final int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "not authorize";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 500 -> "internal server error";
            default -> HttpStatus.valueOf(status).getReasonPhrase().toLowerCase(Locale.ROOT);
        };
    }

    private static boolean printableAscii(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviated(final String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String uuid(final Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static TicketCreated ticket(final String id) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue(QUEUE).setChannel("chat")
                .setContent("{\"text\":\"I need help with order 42\"}").setPriority(1).build();
    }
}
