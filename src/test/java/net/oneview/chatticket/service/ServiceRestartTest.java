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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The whole service restarts (a new Spring context on the same state directory and broker): agents and tickets are
 * still there, work goes on where it stopped, and no ticket was assigned twice. The decisions are read once the service
 * has nothing left to decide, so a duplicate that comes late is counted too.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class ServiceRestartTest {

    private static final Map<String, Object> SERDE = Map.of("schema.registry.url", "mock://restart",
            "specific.avro.reader", true);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String stateDir = "target/streams-state/restart-" + UUID.randomUUID();

    @Test
    void aRestartedServiceKeepsItsAssignmentsAndGoesOnWithoutDoublingAny(final EmbeddedKafkaBroker broker) throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent, Map.of("queues", List.of("restart"), "capacity", 1));
        final String first = UUID.randomUUID().toString();
        final String second = UUID.randomUUID().toString();
        try (ConfigurableApplicationContext before = start(broker)) {
            assertThat(call(before, "PUT", agent, "online", token).statusCode()).isEqualTo(200);
            produce(broker, "ticket-created", first, ticket(first));
            produce(broker, "ticket-created", second, ticket(second));
            await().atMost(Duration.ofSeconds(20)).until(() -> call(before, "GET", agent, "tickets", token).body().contains(first));
        }

        final Map<String, List<Decision>> decisions;
        try (ConfigurableApplicationContext after = start(broker)) {
            assertThat(call(after, "GET", agent, "tickets", token).body()).contains(first).doesNotContain(second);

            produce(broker, "ticket-status", first, TicketStatusChanged.newBuilder().setTicketId(first)
                    .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(call(after, "GET", agent, "tickets", token).body())
                    .contains(second).doesNotContain(first));
            // A duplicate may come late (a replayed input, a held ticket drained again): look once nothing can come.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(InvalidStateStoreException.class)
                    .until(() -> NothingLeftToDecide.reached(after));
            decisions = committedDecisions(broker);
        }
        assertThat(decisions.get(first)).as("decisions on %s, assigned before the restart and closed after", first)
                .containsExactly(Decision.ASSIGNED, Decision.CLOSED);
        assertThat(decisions.get(second)).as("decisions on %s, waiting before the restart and assigned after", second)
                .containsExactly(Decision.QUEUED, Decision.ASSIGNED);
    }

    private ConfigurableApplicationContext start(final EmbeddedKafkaBroker broker) {
        return Services.start(broker.getBrokersAsString(), "restart", "restart", stateDir);
    }

    /** Every decision on ticket-assignments up to its end, committed ones only, in order per ticket. */
    private static Map<String, List<Decision>> committedDecisions(final EmbeddedKafkaBroker broker) {
        final Map<String, List<Decision>> decisions = new HashMap<>();
        try (KafkaConsumer<String, TicketAssignment> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ConfluentAvroDeserializer<>(SERDE, false))) {
            final List<TopicPartition> partitions = consumer.partitionsFor("ticket-assignments").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> decisions
                        .computeIfAbsent(record.key(), ticket -> new ArrayList<>()).add(record.value().getDecision()));
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
        }
        return decisions;
    }

    private static TicketCreated ticket(final String id) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue("restart").setChannel("chat")
                .setContent("{}").setPriority(1).build();
    }

    private static void produce(final EmbeddedKafkaBroker broker, final String topic, final String key,
            final SpecificRecord value) throws Exception {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ConfluentAvroSerializer<>(SERDE, false))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static HttpResponse<String> call(final ConfigurableApplicationContext instance, final String method,
            final String agent, final String resource, final String token) throws Exception {
        final String port = instance.getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/" + agent + "/" + resource))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
