package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Customer;
import net.oneview.chatticket.events.Metadata;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on an embedded Kafka broker (KRaft) with the real serdes, shared by the service tests (one
 * Spring context, one broker), and helpers to call it over HTTP and Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat-ticket.schema-registry-url=mock://end-to-end",
        "chat-ticket.topics.partitions=3",
        "chat-ticket.streams.application-id=end-to-end",
        "chat-ticket.agents.default-queues=english",
        "chat-ticket.agents.default-capacity=2",
        "chat-ticket.decisions.max-shown=" + ServiceTestSupport.MAX_DECISIONS_SHOWN,
        // no grace: a test that waits for readiness (before each) then finds the agents store answering, even after
        // an earlier test restarted Kafka Streams (RebalanceReadinessTest covers the grace)
        "chat-ticket.health.readiness-grace=0s"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
abstract class ServiceTestSupport {

    /** Small, so that a test reaches it with a few status changes. */
    static final int MAX_DECISIONS_SHOWN = 4;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Map<String, Object> SERDE = Map.of("schema.registry.url", "mock://end-to-end",
            "specific.avro.reader", true);

    @Autowired
    Environment environment;
    @Autowired
    StreamsLifecycle lifecycle;
    @Autowired
    JsonMapper json;
    /** This context's broker (not a system property: other test classes start brokers of their own). */
    @Autowired
    EmbeddedKafkaBroker broker;
    static final Path STATE_DIR = Path.of("target", "streams-state", UUID.randomUUID().toString());

    @DynamicPropertySource
    static void stateDir(final DynamicPropertyRegistry registry) {
        registry.add("chat-ticket.streams.state-dir", STATE_DIR::toString);
    }

    /** Ready: the readiness probe on the service port, as a load balancer asks it. */
    @BeforeEach
    void ready() {
        final URI readiness = URI.create("http://localhost:" + environment.getProperty("local.server.port")
                + "/readyz");
        await().atMost(Duration.ofSeconds(60)).until(() -> HTTP.send(HttpRequest.newBuilder(readiness).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    String produceTicket(final String queue, final int priority) throws Exception {
        final String id = UUID.randomUUID().toString();
        produce("ticket-created", id, ticket(id, queue, priority));
        return id;
    }

    /** A ticket as the case-management service creates it, created now. */
    static TicketCreated ticket(final String id, final String queue, final int priority) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue(queue)
                .setChannel("chat").setContent("{\"text\":\"I need help with order 42\"}").setPriority(priority)
                .setStatusReason("Internal State Change by Workflow Server")
                .setMetadata(Metadata.newBuilder().setCcr("delivery - wrong address").setOrderId("sdw-srr")
                        .setAgentAccesses(List.of("orders")).build())
                .setCustomer(new Customer("c-1", "hugo", "dan")).build();
    }

    void produce(final String topic, final String key, final SpecificRecord value) throws Exception {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(),
                new StringSerializer(), new ConfluentAvroSerializer<>(SERDE, false))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** The agent's agent-status events, once there are at least {@code count}. */
    List<AgentStatusChanged> readAgentStatuses(final String agent, final int count) {
        final List<AgentStatusChanged> events = new ArrayList<>();
        try (KafkaConsumer<String, AgentStatusChanged> consumer = fromStart("agent-status",
                new ConfluentAvroDeserializer<>(SERDE, false))) {
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().equals(agent)) {
                        events.add(r.value());
                    }
                });
                return events.size() >= count;
            });
        }
        return events;
    }

    AgentStatusChanged readAgentStatus(final String agent) {
        try (KafkaConsumer<String, AgentStatusChanged> consumer = fromStart("agent-status",
                new ConfluentAvroDeserializer<>(SERDE, false))) {
            final AgentStatusChanged[] found = new AgentStatusChanged[1];
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().equals(agent)) {
                        found[0] = r.value();
                    }
                });
                return found[0] != null;
            });
            return found[0];
        }
    }

    /** A consumer of every partition of the topic from its start: no consumer group, nothing to wait for. */
    <V> KafkaConsumer<String, V> fromStart(final String topic, final Deserializer<V> values) {
        final KafkaConsumer<String, V> consumer = new KafkaConsumer<>(consumerProps(), new StringDeserializer(), values);
        final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    Properties producerProps() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        return props;
    }

    Properties consumerProps() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");  // as the service's consumers read it
        return props;
    }

    record Answer(int status, JsonNode body) {
    }

    Answer put(final String agent, final String action, final String token) throws Exception {
        final HttpResponse<String> response = send("PUT", agent, action, token);
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    Answer get(final String agent, final String resource, final String token) throws Exception {
        final HttpResponse<String> response = send("GET", agent, resource, token);
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    HttpResponse<String> send(final String method, final String agent, final String resource, final String token)
            throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                + environment.getProperty("local.server.port") + "/v1/" + agent + "/" + resource))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> ticketIds(final Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        return answer.body().valueStream().map(ticket -> ticket.get("id").asString()).toList();
    }

    static List<String> fieldNames(final JsonNode node) {
        return node.propertyNames().stream().toList();
    }

    static void deleteRecursively(final Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
