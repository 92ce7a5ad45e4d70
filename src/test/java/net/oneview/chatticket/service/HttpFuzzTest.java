package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * blueprint's body, no invalid token gets a 2xx, no agent's token gets another agent's data or a supervisor's
 * answer. The live streams are among the paths, opened with tokens or stream tickets (good and bad); a stream that
 * opens must send its first event at once, and is read up to it, or for {@value #STREAM_SECONDS} s at most.
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
    /** How long a stream that opened is read when no event comes: its first event is due at once. */
    static final int STREAM_SECONDS = 5;
    /** Stream tickets are good for 60 s: a fresh one is asked for well before. */
    private static final Duration TICKETS_FRESH_FOR = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();
    /** Stream tickets by agent ("" for a supervisor's), with when they were issued. */
    private final Map<String, Map.Entry<Instant, String>> streamTickets = new HashMap<>();
    /** Streams that opened (200, an event stream), by how: a bearer token or a stream ticket. */
    private final Map<String, Integer> opened = new TreeMap<>();
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
            final FuzzRequests requests = new FuzzRequests(random, List.copyOf(tickets.keySet()), tickets,
                    this::streamTicket);

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
                    countOpened(probe, reply);
                } catch (IOException e) {
                    violations.add(request + "no answer: " + e);
                }
            }
            System.out.println("HTTP fuzz: answers by status " + statuses + "; streams opened " + opened);

            assertThat(violations).as("seed " + seed + " (replay: -D" + SEED_PROPERTY + "=" + seed + ")").isEmpty();
            assertThat(opened).as("streams opened, by a bearer token and by a stream ticket (seed %d)", seed)
                    .containsKeys("bearer token", "stream ticket");
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

    /**
     * Through java.net.http.HttpClient when it can send the request, otherwise (or at random) over a raw socket; a
     * stream's path always over the socket, which reads an event stream up to its first event.
     */
    private Reply send(final Probe probe, final Random random) throws IOException, InterruptedException {
        if (new String(probe.target(), StandardCharsets.ISO_8859_1).contains("/stream")) {
            return RawHttp.send(port, probe.method(), probe.target(), probe.headers(), probe.body(),
                    Duration.ofSeconds(STREAM_SECONDS));
        }
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

    /** A stream ticket for the agent (null: a supervisor), as 1vu gets one: POST /v1/stream-tickets with its token. */
    private String streamTicket(final String agent) {
        final String key = agent == null ? "" : agent;
        final Map.Entry<Instant, String> known = streamTickets.get(key);
        if (known != null && known.getKey().plus(TICKETS_FRESH_FOR).isAfter(Instant.now())) {
            return known.getValue();
        }
        // tokens from a random of their own: when tickets are asked for must not change the seed's requests
        final FuzzTokens.Token token = new FuzzTokens(new Random(key.hashCode()))
                .make(agent == null ? Kind.SUPERVISOR : Kind.OWN, agent, agent);
        try {
            final HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/v1/stream-tickets")).header("Authorization", new String(token.header(),
                    StandardCharsets.US_ASCII)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("a stream ticket for %s: %s", key, answer.body()).isEqualTo(200);
            final String ticket = json.readTree(answer.body()).get("ticket").asString();
            streamTickets.put(key, Map.entry(Instant.now(), ticket));
            return ticket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void countOpened(final Probe probe, final Reply reply) {
        if (reply.status() == 200 && eventStream(reply)) {
            opened.merge(probe.headers().containsKey("Authorization") ? "bearer token" : "stream ticket", 1,
                    Integer::sum);
        }
    }

    private static boolean eventStream(final Reply reply) {
        final String type = reply.header("content-type");
        return type != null && type.startsWith("text/event-stream");
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
        if (reply.status() == 200 && eventStream(reply) && probe.method().equals("GET") && !body.contains("\n\n")) {
            found.add("a stream opened but sent no event within " + STREAM_SECONDS + " s: " + abbreviated(body));
        }
        return found;
    }

    /**
     * What no body may show. Instances read each other's stores as Avro JSON, whose unions name their branch by the
     * schema's full name (net.oneview...): the Avro contract's names, expected in such an answer. The supervisor's
     * page is HTML.
     */
    private static List<String> internals(final Probe probe, final Reply reply) {
        final String path = path(probe);
        final boolean storeRead = reply.status() / 100 == 2 && path.startsWith("/internal/stores/");
        final boolean page = reply.status() / 100 == 2 && path.contains("/supervisor");
        return INTERNALS.stream().filter(word -> !(storeRead && word.equals("net.oneview"))
                && !(page && word.equals("<html"))).toList();
    }

    /** The probe's path, lower case, without its query. */
    private static String path(final Probe probe) {
        final String target = new String(probe.target(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return target.indexOf('?') < 0 ? target : target.substring(0, target.indexOf('?'));
    }

    /**
     * An error is the blueprint's body: {"errorCode": status, "errorMessage": its message}, as JSON; a 400 for a token
     * claim the service cannot take adds which claim and why after the message ("bad request: ...", see the README).
     */
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
                && (error.get("errorMessage").asString().equals(message(reply.status()))
                        || reply.status() == 400 && error.get("errorMessage").asString().startsWith("bad request: "));
        return blueprint ? List.of() : List.of("error body not the blueprint's: " + abbreviated(reply.text()));
    }

    /** A 2xx needs a valid token (outside the health check), and shows only the token's own agent's data. */
    private List<String> successViolations(final Probe probe, final String body,
            final Map<String, List<String>> tickets) {
        final List<String> found = new ArrayList<>();
        final FuzzTokens.Token token = probe.token();
        final String target = new String(probe.target(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        final boolean open = target.contains("actuator") || target.contains("error") || target.contains("livez")
                || target.contains("readyz") || path(probe).contains("/supervisor") || path(probe).contains("api-docs");
        if (!token.kind().valid && !open) {
            found.add("a token of kind " + token.kind() + " was accepted: " + abbreviated(body));
        }
        if (!token.kind().valid || token.supervisor()) {
            return found;
        }
        final boolean supervisors = path(probe).contains("queues") || path(probe).contains("decisions");
        if (supervisors && !probe.method().equals("OPTIONS")) {
            found.add("a token of kind " + token.kind() + " without the supervisor scope was answered for supervisors: "
                    + abbreviated(body));
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
