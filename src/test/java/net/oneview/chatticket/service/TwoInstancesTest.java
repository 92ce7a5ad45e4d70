package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.oneview.chatticket.ChatTicketApplication;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.decisions.DecisionHistory;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Two instances of the service in one JVM share the partitions: every agent can be read from either instance, the
 * one not holding it asks the other through interactive-query metadata. The keys are chosen so that each instance
 * holds some of them: every read is made on both instances, so each answers from its own store and by forwarding.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class TwoInstancesTest {

    /** Keys held by each instance that a test reads. */
    private static final int KEYS_PER_INSTANCE = 4;
    /**
     * Random keys placed before giving up: with 3 partitions, 200 keys all miss the partitions an instance holds with
     * a probability below 1e-35, so a shortfall means the instance holds no partition of the store.
     */
    private static final int CANDIDATES = 200;
    private static final StringSerializer KEYS = new StringSerializer();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<ConfigurableApplicationContext> INSTANCES = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances(final EmbeddedKafkaBroker broker) {
        for (final String name : List.of("first", "second")) {
            INSTANCES.add(new SpringApplicationBuilder(ChatTicketApplication.class).run(
                    "--server.port=0", "--management.server.port=0",
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--chat-ticket.schema-registry-url=mock://two-instances",
                    "--chat-ticket.topics.partitions=3",
                    "--chat-ticket.agents.default-queues=english",
                    "--chat-ticket.assignment.pools.p0=q0", "--chat-ticket.assignment.pools.p1=q1",
                    "--chat-ticket.assignment.pools.p2=q2", "--chat-ticket.assignment.pools.p3=q3",
                    "--chat-ticket.assignment.pools.p4=q4", "--chat-ticket.assignment.pools.p5=q5",
                    "--chat-ticket.streams.application-id=two-instances",
                    "--chat-ticket.streams.state-dir=target/streams-state/two-instances-" + name + "-" + UUID.randomUUID()));
        }
        await().atMost(Duration.ofSeconds(90)).until(TwoInstancesTest::assignmentSettled);
    }

    @AfterAll
    static void stop() {
        INSTANCES.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void everyAgentIsReadFromBothInstancesWhicheverHoldsIt() throws Exception {
        final Map<String, HostInfo> agents = keysHeldByEachInstance(AgentViews.STORE);
        for (final String agent : agents.keySet()) {
            assertThat(call("PUT", 0, agent, "online").statusCode()).isEqualTo(200);
        }

        for (final String agent : agents.keySet()) {
            for (int instance = 0; instance < 2; instance++) {
                final int which = instance;
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    final HttpResponse<String> tickets = call("GET", which, agent, "tickets");
                    assertThat(tickets.statusCode()).as("agent %s from instance %d: %s", agent, which, tickets.body())
                            .isEqualTo(200);
                    assertThat(tickets.body()).isEqualTo("[]");
                });
            }
        }
        assertStillHeldWherePicked(AgentViews.STORE, agents);
    }

    @Test
    void everyTicketsDecisionsAreReadFromBothInstancesWhicheverHoldsThem(final EmbeddedKafkaBroker broker)
            throws Exception {
        final Map<String, HostInfo> tickets = keysHeldByEachInstance(DecisionHistory.STORE);
        produceTickets(broker, tickets.keySet());
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));

        for (final String ticket : tickets.keySet()) {
            final List<String> bodies = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                final int which = instance;
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    final HttpResponse<String> decisions =
                            call("GET", which, "tickets", ticket + "/decisions", supervisor);
                    assertThat(decisions.statusCode()).as("ticket %s from instance %d: %s", ticket, which,
                            decisions.body()).isEqualTo(200);
                });
                bodies.add(call("GET", which, "tickets", ticket + "/decisions", supervisor).body());
            }
            assertThat(bodies.get(0)).contains("QUEUED").isEqualTo(bodies.get(1));
        }
        assertStillHeldWherePicked(DecisionHistory.STORE, tickets);
    }

    @Test
    void anAgentsLiveStreamOnEitherInstanceGetsItsTickets(final EmbeddedKafkaBroker broker) throws Exception {
        final Map<String, HostInfo> agents = keysHeldByEachInstance(AgentViews.STORE);
        for (final Map.Entry<String, HostInfo> agent : agents.entrySet()) {
            final int elsewhere = agent.getValue().equals(self(0)) ? 1 : 0;  // the instance not holding the agent
            final String queue = "live-" + agent.getKey();
            final String token = Tokens.forAgent(agent.getKey(), Map.of("queues", List.of(queue), "capacity", 2));
            assertThat(call("PUT", elsewhere, agent.getKey(), "online", token).statusCode()).isEqualTo(200);
            final String port = INSTANCES.get(elsewhere).getEnvironment().getProperty("local.server.port");
            try (SseClient stream = new SseClient(URI.create("http://localhost:" + port + "/v1/" + agent.getKey()
                    + "/tickets/stream"), Map.of("Authorization", "Bearer " + token))) {
                assertThat(stream.next().data()).isEqualTo("[]");
                final String ticket = UUID.randomUUID().toString();
                produceTicket(broker, ticket, queue);
                assertThat(stream.next().data()).contains("\"id\":\"" + ticket + "\"");
            }
        }
        assertStillHeldWherePicked(AgentViews.STORE, agents);
    }

    @Test
    void theSupervisorsCountsAddUpTheInstancesShares(final EmbeddedKafkaBroker broker) throws Exception {
        final Map<String, HostInfo> pools = new LinkedHashMap<>();
        for (int pool = 0; pool < 6; pool++) {
            pools.put("p" + pool, holder(AssignmentProcessor.TICKETS_STORE, "p" + pool));
        }
        assertThat(new java.util.HashSet<>(pools.values())).as("instances holding pools p0-p5").hasSize(2);
        for (int queue = 0; queue < 6; queue++) {
            produceTicket(broker, UUID.randomUUID().toString(), "q" + queue);
        }
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));

        for (int instance = 0; instance < 2; instance++) {
            final int which = instance;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                final String port = INSTANCES.get(which).getEnvironment().getProperty("local.server.port");
                final HttpResponse<String> queues = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + port + "/v1/queues")).header("Authorization", "Bearer " + supervisor).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(queues.statusCode()).as(queues.body()).isEqualTo(200);
                for (int queue = 0; queue < 6; queue++) {
                    assertThat(queues.body()).contains("{\"queue\":\"q" + queue + "\",\"pool\":\"p" + queue
                            + "\",\"waiting\":1,");
                    // counted by step on whichever instance holds the queue's pool, and sent on as they were
                    assertThat(queues.body()).containsPattern("\"queue\":\"q" + queue
                            + "\",[^}]*}[^}]*\"waitingByStep\":\\{\"0\":1}");
                }
            });
        }
    }

    /**
     * Both instances run, and both see the same two instances holding the same partitions: the rebalance that
     * followed the second start is over on both sides, so where a key lives can be read from either.
     */
    private static boolean assignmentSettled() {
        if (!INSTANCES.stream().allMatch(instance -> streams(instance) != null
                && streams(instance).state() == KafkaStreams.State.RUNNING)) {
            return false;
        }
        final Map<HostInfo, Set<TopicPartition>> seenByFirst = placement(streams(INSTANCES.get(0)));
        return seenByFirst.size() == 2 && seenByFirst.equals(placement(streams(INSTANCES.get(1))));
    }

    private static Map<HostInfo, Set<TopicPartition>> placement(final KafkaStreams streams) {
        return streams.metadataForAllStreamsClients().stream()
                .collect(Collectors.toMap(StreamsMetadata::hostInfo, StreamsMetadata::topicPartitions));
    }

    /**
     * New keys of the store, {@value #KEYS_PER_INSTANCE} held by each instance, with their holder. Fails when an
     * instance holds none: the test could then not tell a forwarded read from a local one.
     */
    private static Map<String, HostInfo> keysHeldByEachInstance(final String store) {
        final Map<HostInfo, List<String>> byHolder = Stream.generate(() -> UUID.randomUUID().toString())
                .limit(CANDIDATES).collect(Collectors.groupingBy(key -> holder(store, key)));
        final Map<HostInfo, Integer> counts = byHolder.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, held -> held.getValue().size()));
        assertThat(counts).as("how many of %d random keys of store %s each instance holds", CANDIDATES, store)
                .containsOnlyKeys(self(0), self(1))
                .allSatisfy((host, count) -> assertThat(count).isGreaterThanOrEqualTo(KEYS_PER_INSTANCE));
        final Map<String, HostInfo> picked = new LinkedHashMap<>();
        byHolder.forEach((host, keys) -> keys.stream().limit(KEYS_PER_INSTANCE).forEach(key -> picked.put(key, host)));
        return picked;
    }

    /** The instance holding the key of the store: both instances must name the same one. */
    private static HostInfo holder(final String store, final String key) {
        final List<HostInfo> named = INSTANCES.stream()
                .map(instance -> streams(instance).queryMetadataForKey(store, key, KEYS).activeHost())
                .distinct().toList();
        assertThat(named).as("holder of %s in store %s, as each instance names it", key, store).hasSize(1);
        return named.get(0);
    }

    /** No rebalance moved the keys while they were read: each instance did answer for keys of the other. */
    private static void assertStillHeldWherePicked(final String store, final Map<String, HostInfo> picked) {
        assertThat(picked.keySet().stream().collect(Collectors.toMap(Function.identity(), key -> holder(store, key))))
                .as("holders of the keys of store %s after the reads", store).isEqualTo(picked);
    }

    private static void produceTickets(final EmbeddedKafkaBroker broker, final Set<String> ids) throws Exception {
        try (KafkaProducer<String, TicketCreated> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", "mock://two-instances"), false))) {
            for (final String id : ids) {
                producer.send(new ProducerRecord<>("ticket-created", id, ticket(id, "nobody-serves-" + id))).get();
            }
        }
    }

    private static void produceTicket(final EmbeddedKafkaBroker broker, final String id, final String queue)
            throws Exception {
        try (KafkaProducer<String, TicketCreated> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", "mock://two-instances"), false))) {
            producer.send(new ProducerRecord<>("ticket-created", id, ticket(id, queue))).get();
        }
    }

    private static TicketCreated ticket(final String id, final String queue) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue(queue).setChannel("chat")
                .setContent("{}").setPriority(1).build();
    }

    private static KafkaStreams streams(final ConfigurableApplicationContext instance) {
        return instance.getBean(StreamsLifecycle.class).streams();
    }

    private static HostInfo self(final int instance) {
        return INSTANCES.get(instance).getBean(StreamsLifecycle.class).self();
    }

    private static HttpResponse<String> call(final String method, final int instance, final String agent,
            final String resource) throws Exception {
        return call(method, instance, agent, resource, Tokens.forAgent(agent));
    }

    private static HttpResponse<String> call(final String method, final int instance, final String agent,
            final String resource, final String token) throws Exception {
        final String port = INSTANCES.get(instance).getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/" + agent + "/" + resource))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
