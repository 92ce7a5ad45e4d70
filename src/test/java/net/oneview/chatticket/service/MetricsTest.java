package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/prometheus} of the whole service on an embedded broker, as a scraper sees it on the management
 * port: the decisions and their latency, the dead letters by reason, requests by route, the Kafka clients' own
 * metrics; and no agent or ticket id in any tag. The service runs as in production (not under Spring's test context,
 * which turns exporters off).
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the first test counts every decision of the shared service from zero: it runs before the others (by name)
@TestMethodOrder(MethodOrderer.MethodName.class)
class MetricsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCOPE = "metrics";
    private static final Map<String, Object> SERDE = Map.of("schema.registry.url", "mock://" + SCOPE);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String POOL = "default";
    /** Queues with a label of their own; the tests before the bounds test name two. */
    private static final int MAX_QUEUES = 4;
    /** A queue with a second routing step that overflows to {@link #SPILL_HELP}. */
    private static final String SPILL = "spill";
    private static final String SPILL_HELP = "spill-help";
    /** A queue whose tickets name a preferred agent. */
    private static final String PREFERRING = "preferring";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ConfluentAvroSerializer<SpecificRecord> avro = new ConfluentAvroSerializer<>(SERDE, false);
    private String brokers;
    private ConfigurableApplicationContext service;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    void start(final EmbeddedKafkaBroker broker) {
        brokers = broker.getBrokersAsString();
        service = Services.start(brokers, SCOPE, "metrics", "target/streams-state/metrics-" + UUID.randomUUID(),
                "--chat-ticket.metrics.queues-interval=500ms", "--chat-ticket.metrics.max-queues=" + MAX_QUEUES,
                "--chat-ticket.metrics.priority-levels=1,2,3",
                // named in the pools' configuration, so that they keep their labels whatever the bounds
                "--chat-ticket.assignment.pools.default=" + SPILL + "," + SPILL_HELP + "," + PREFERRING,
                // spill's tickets go to spill-help's agents too once they have waited a second
                "--chat-ticket.routing.queues." + SPILL + ".steps[0].after=0s",
                "--chat-ticket.routing.queues." + SPILL + ".steps[1].after=1s",
                "--chat-ticket.routing.queues." + SPILL + ".steps[1].also-queues=" + SPILL_HELP);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void stop() {
        producer.close();
        service.close();
    }

    @Test
    void aScrapeShowsDecisionsTheirLatencyDeadLettersRequestsAndKafkaClientsButNoIds() throws Exception {
        final String queue = "metrics-" + UUID.randomUUID();
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent, Map.of("queues", List.of(queue), "capacity", 1));
        assertThat(call(service, "PUT", "/v1/" + agent + "/online", token).statusCode()).isEqualTo(200);
        // agent-status and ticket-created are separate topics: on a slow cold start the ticket can reach the pool
        // first and be QUEUED, rightly; this test wants the pool to know the agent, so that the first decision is
        // ASSIGNED
        await().atMost(PATIENCE).until(() -> scrape(service, null)
                .find("chat_ticket_pool_free_capacity", Map.of("pool", POOL)).stream().anyMatch(s -> s.value() >= 1));
        final String ticket = UUID.randomUUID().toString();
        send("ticket-created", ticket, ticket(ticket, queue));
        await().atMost(PATIENCE).until(() ->
                call(service, "GET", "/v1/" + agent + "/tickets", token).body().contains(ticket));
        send("ticket-status", ticket, closed(ticket));

        final String other = UUID.randomUUID().toString();
        send("ticket-created", "not-avro", "{\"id\":\"not avro\"}".getBytes(StandardCharsets.UTF_8));
        send("ticket-created", null, framed("ticket-created", ticket(other, queue)));
        send("ticket-created", other, framed("ticket-created", ticket(UUID.randomUUID().toString(), queue)));
        send("ticket-created", other, (byte[]) null);
        send("ticket-status", other, framed("ticket-status", closed(UUID.randomUUID().toString())));

        final Map<String, String> closedKind = Map.of("kind", "CLOSED", "pool", POOL);
        await().atMost(PATIENCE).until(() -> {
            final Scrape scrape = scrape(service, null);
            return scrape.find("chat_ticket_decisions_total", closedKind).stream().anyMatch(s -> s.value() == 1)
                    && scrape.find("chat_ticket_dead_letters_total", Map.of()).stream()
                    .mapToDouble(Scrape.Sample::value).sum() == 5;
        });

        final Scrape scrape = scrape(service, null);
        final Map<String, String> assigned = Map.of("kind", "ASSIGNED", "pool", POOL);
        assertThat(scrape.value("chat_ticket_decisions_total", assigned)).isEqualTo(1);
        assertThat(scrape.value("chat_ticket_decisions_total", closedKind)).isEqualTo(1);
        assertThat(scrape.value("chat_ticket_decisions_total", Map.of("kind", "QUEUED", "pool", POOL)))
                .as("every kind is there from the pool's first decision on").isZero();
        // assigned after the arrival window (100 ms): timed from the ticket's createdAt, so at least that long
        assertThat(scrape.value("chat_ticket_decision_latency_seconds_count", assigned)).isEqualTo(1);
        assertThat(scrape.value("chat_ticket_decision_latency_seconds_sum", assigned)).isBetween(0.1, 30.0);
        assertThat(scrape.value("chat_ticket_decision_latency_seconds_bucket", with(assigned, "le", "+Inf")))
                .isEqualTo(1);
        assertThat(scrape.find("chat_ticket_decision_latency_seconds_bucket", assigned))
                .as("a histogram with buckets, for histogram_quantile").hasSizeGreaterThan(10)
                .anyMatch(bucket -> bucket.value() == 0).anyMatch(bucket -> bucket.value() == 1);
        assertThat(scrape.value("chat_ticket_decision_latency_seconds_count", closedKind)).isEqualTo(1);

        assertThat(deadLetters(scrape, "deserialization", "ticket-created")).isEqualTo(1);
        assertThat(deadLetters(scrape, "bad_key", "ticket-created")).as("no key, and a key not the ticket's id")
                .isEqualTo(2);
        assertThat(deadLetters(scrape, "bad_value", "ticket-created")).as("a tombstone").isEqualTo(1);
        assertThat(deadLetters(scrape, "bad_key", "ticket-status")).isEqualTo(1);

        assertThat(scrape.value("http_server_requests_seconds_count",
                Map.of("uri", "/v1/{agentID}/tickets", "method", "GET", "status", "200"))).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("http_server_requests_seconds_count",
                Map.of("uri", "/v1/{agentID}/online", "method", "PUT", "status", "200"))).isEqualTo(1);
        assertThat(scrape.any(sample -> sample.name().startsWith("kafka_stream_")))
                .as("Kafka Streams' metrics").isTrue();
        assertThat(scrape.any(sample -> sample.name().startsWith("kafka_producer_")
                && sample.labels().getOrDefault("spring_id", "").startsWith("kafkaProducerFactory")))
                .as("the agent-status producer's metrics").isTrue();
        assertThat(scrape.samples()).as("no agent or ticket id in any tag").noneMatch(sample ->
                sample.labels().values().stream().anyMatch(value -> value.contains(agent) || value.contains(ticket)
                        || value.contains(other)));
    }

    @Test
    void aScrapeShowsEachQueuesWaitingTicketsAndOldestWaitAndEachPoolsAgents() throws Exception {
        final String queue = "unserved-" + UUID.randomUUID();
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent, Map.of("queues", List.of("served-" + agent), "capacity", 3));
        assertThat(call(service, "PUT", "/v1/" + agent + "/online", token).statusCode()).isEqualTo(200);
        for (final int priority : List.of(1, 3, 3)) {
            final String ticket = UUID.randomUUID().toString();
            final TicketCreated created = ticket(ticket, queue);
            created.setPriority(priority);
            send("ticket-created", ticket, created);
        }

        final Map<String, String> byQueue = Map.of("queue", queue, "pool", POOL);
        await().atMost(PATIENCE).untilAsserted(() -> {
            final Scrape scrape = scrape(service, null);
            assertThat(scrape.value("chat_ticket_queue_waiting_tickets", with(byQueue, "priority", "1"))).isEqualTo(1);
            assertThat(scrape.value("chat_ticket_queue_waiting_tickets", with(byQueue, "priority", "3"))).isEqualTo(2);
            assertThat(scrape.value("chat_ticket_queue_oldest_waiting_seconds", byQueue)).isNotNegative();
            assertThat(scrape.value("chat_ticket_pool_agents_online", Map.of("pool", POOL))).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("chat_ticket_pool_free_capacity", Map.of("pool", POOL))).isGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void aScrapeShowsWaitingTicketsByRoutingStepAndTicketsThatOverflowed() throws Exception {
        final String helper = UUID.randomUUID().toString();
        final String helperToken = Tokens.forAgent(helper, Map.of("queues", List.of(SPILL_HELP), "capacity", 1));
        assertThat(call(service, "PUT", "/v1/" + helper + "/online", helperToken).statusCode()).isEqualTo(200);
        final String preferred = UUID.randomUUID().toString();
        final String preferredToken = Tokens.forAgent(preferred, Map.of("queues", List.of(PREFERRING), "capacity", 1));
        assertThat(call(service, "PUT", "/v1/" + preferred + "/online", preferredToken).statusCode()).isEqualTo(200);

        // created upstream 5 s ago, spill's tickets arrive at their second step: nobody serves spill, so the first
        // goes to spill-help's agent, who is then full, and the second waits
        final TicketCreated overflowing = ticket(SPILL);
        overflowing.setCreatedAt(overflowing.getCreatedAt().minusSeconds(5));
        send("ticket-created", overflowing.getId(), overflowing);
        await().atMost(PATIENCE).until(() -> call(service, "GET", "/v1/" + helper + "/tickets", helperToken).body()
                .contains(overflowing.getId()));
        final TicketCreated waiting = ticket(SPILL);
        waiting.setCreatedAt(waiting.getCreatedAt().minusSeconds(5));
        send("ticket-created", waiting.getId(), waiting);
        // the preferred agent takes one ticket; the next, which names it, waits for it alone (30 s)
        final TicketCreated first = ticket(PREFERRING);
        send("ticket-created", first.getId(), first);
        await().atMost(PATIENCE).until(() -> call(service, "GET", "/v1/" + preferred + "/tickets", preferredToken)
                .body().contains(first.getId()));
        final TicketCreated naming = ticket(PREFERRING);
        naming.setPreferredAgentId(preferred);
        send("ticket-created", naming.getId(), naming);

        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));
        await().atMost(PATIENCE).untilAsserted(() -> {
            final Scrape scrape = scrape(service, null);
            assertThat(scrape.value("chat_ticket_queue_waiting_by_step",
                    Map.of("pool", POOL, "queue", SPILL, "step", "1"))).isEqualTo(1);
            assertThat(scrape.value("chat_ticket_queue_waiting_by_step",
                    Map.of("pool", POOL, "queue", PREFERRING, "step", "preferred"))).isEqualTo(1);
            assertThat(scrape.value("chat_ticket_overflowed_total",
                    Map.of("pool", POOL, "queue", SPILL, "overflow_queue", SPILL_HELP))).isEqualTo(1);
        });
        final JsonNode queues = JSON.readTree(call(service, "GET", "/v1/queues", supervisor).body()).get("queues");
        final Map<String, JsonNode> byQueue = new HashMap<>();
        queues.forEach(queue -> byQueue.put(queue.get("queue").asString(), queue));
        assertThat(byQueue.get(SPILL).get("waitingByStep").toString()).isEqualTo("{\"1\":1}");
        assertThat(byQueue.get(PREFERRING).get("waitingByStep").toString()).isEqualTo("{\"preferred\":1}");
        assertThat(byQueue.get(SPILL_HELP).get("waitingByStep").toString()).isEqualTo("{}");
        assertThat(JSON.readTree(call(service, "GET", "/v1/queues", supervisor).body()).get("pools").get(0)
                .has("waitingByStep")).as("steps are numbered per queue").isFalse();
    }

    @Test
    void theQueueAndPriorityLabelsAreBoundedWhateverTheTicketsBring() throws Exception {
        final List<String> queues = new ArrayList<>();
        for (int i = 0; i < MAX_QUEUES + 1; i++) {
            queues.add("bounded-" + i + "-" + UUID.randomUUID());
            final TicketCreated created = ticket(queues.get(i));
            send("ticket-created", created.getId(), created);
        }
        final TicketCreated urgentBeyondTheLevels = ticket(queues.get(0));
        urgentBeyondTheLevels.setPriority(9);
        send("ticket-created", urgentBeyondTheLevels.getId(), urgentBeyondTheLevels);

        await().atMost(PATIENCE).untilAsserted(() -> {
            final List<Scrape.Sample> waiting = scrape(service, null).find("chat_ticket_queue_waiting_tickets",
                    Map.of());
            final Set<String> labels = waiting.stream().map(sample -> sample.labels().get("queue"))
                    .filter(queue -> !List.of(SPILL, SPILL_HELP, PREFERRING).contains(queue))  // configured: named
                    .collect(Collectors.toSet());
            assertThat(labels).as("at most the first " + MAX_QUEUES + " queues, and other").hasSizeLessThanOrEqualTo(
                    MAX_QUEUES + 1).contains("other");
            assertThat(waiting.stream().filter(sample -> queues.contains(sample.labels().get("queue"))
                    || sample.labels().get("queue").equals("other")).mapToDouble(Scrape.Sample::value).sum())
                    .as("every ticket of these queues counted once").isEqualTo(MAX_QUEUES + 2);
            assertThat(waiting).extracting(sample -> sample.labels().get("priority")).containsOnly("1", "2", "3",
                    "other");
        });
    }

    @Test
    void theScrapeIsOnTheManagementPortNotOnTheServicePort() throws Exception {
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));

        assertThat(scrape(service, null).any(sample -> sample.name().startsWith("jvm_"))).isTrue();
        for (final String token : new String[] {null, supervisor}) {
            final HttpResponse<String> publicPort = call(port(service, "local.server.port"), "GET",
                    "/actuator/prometheus", token);
            assertThat(publicPort.statusCode()).as(publicPort.body()).isEqualTo(404);
        }
    }

    @Test
    void whenConfiguredTheScrapeNeedsASupervisorsToken() throws Exception {
        assertThat(call(service, "GET", "/actuator/prometheus", null).statusCode()).as("open by default")
                .isEqualTo(200);
        final String name = "metrics-guarded";
        try (ConfigurableApplicationContext guarded = Services.start(brokers, SCOPE, name,
                "target/streams-state/" + name + "-" + UUID.randomUUID(), "--chat-ticket.metrics.require-token=true",
                // topics of its own, so that it does not process (and decide) what the other service reads
                "--chat-ticket.topics.ticket-created=" + name + "-ticket-created",
                "--chat-ticket.topics.ticket-status=" + name + "-ticket-status",
                "--chat-ticket.topics.agent-status=" + name + "-agent-status",
                "--chat-ticket.topics.ticket-assignments=" + name + "-ticket-assignments",
                "--chat-ticket.topics.dead-letters=" + name + "-dead-letters",
                "--chat-ticket.topics.pool-releases=" + name + "-pool-releases",
                "--chat-ticket.topics.pool-handovers=" + name + "-pool-handovers")) {
            final String agent = UUID.randomUUID().toString();
            final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope",
                    "tickets:supervise"));

            assertThat(call(guarded, "GET", "/actuator/prometheus", null).statusCode()).isEqualTo(401);
            assertThat(call(guarded, "GET", "/actuator/prometheus", Tokens.forAgent(agent)).statusCode())
                    .as("an agent's token").isEqualTo(403);
            assertThat(scrape(guarded, supervisor).any(sample -> sample.name().startsWith("kafka_stream_"))).isTrue();
            assertThat(call(guarded, "GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        }
    }

    private static double deadLetters(final Scrape scrape, final String reason, final String topic) {
        return scrape.value("chat_ticket_dead_letters_total", Map.of("reason", reason, "topic", topic));
    }

    private static Map<String, String> with(final Map<String, String> labels, final String name, final String value) {
        final Map<String, String> more = new HashMap<>(labels);
        more.put(name, value);
        return more;
    }

    private Scrape scrape(final ConfigurableApplicationContext instance, final String token) throws Exception {
        final HttpResponse<String> response = call(instance, "GET", "/actuator/prometheus", token);
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    /** The actuator on the management port, the API on the service port. */
    private HttpResponse<String> call(final ConfigurableApplicationContext instance, final String method,
            final String path, final String token) throws Exception {
        return call(port(instance, path.startsWith("/actuator/") ? "local.management.port" : "local.server.port"),
                method, path, token);
    }

    private static String port(final ConfigurableApplicationContext instance, final String property) {
        final String port = instance.getEnvironment().getProperty(property);
        assertThat(port).as(property).isNotNull();
        return port;
    }

    private HttpResponse<String> call(final String port, final String method, final String path, final String token)
            throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void send(final String topic, final String key, final SpecificRecord value) throws Exception {
        send(topic, key, framed(topic, value));
    }

    private void send(final String topic, final String key, final byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    private byte[] framed(final String topic, final SpecificRecord value) {
        return avro.serialize(topic, value);
    }

    private static TicketCreated ticket(final String queue) {
        return ticket(UUID.randomUUID().toString(), queue);
    }

    private static TicketCreated ticket(final String id, final String queue) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue(queue).setChannel("chat")
                .setContent("{\"text\":\"I need help\"}").setPriority(2).build();
    }

    private static TicketStatusChanged closed(final String ticket) {
        return TicketStatusChanged.newBuilder().setTicketId(ticket).setStatus(TicketStatus.CLOSED)
                .setTime(Instant.now()).build();
    }
}
