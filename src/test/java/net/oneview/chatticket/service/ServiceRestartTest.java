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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The whole service restarts (a new Spring context on the same state directory and broker): agents and tickets are
 * still there, work goes on where it stopped, and no ticket was assigned twice.
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

        try (ConfigurableApplicationContext after = start(broker)) {
            assertThat(call(after, "GET", agent, "tickets", token).body()).contains(first).doesNotContain(second);

            produce(broker, "ticket-status", first, TicketStatusChanged.newBuilder().setTicketId(first)
                    .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(call(after, "GET", agent, "tickets", token).body())
                    .contains(second).doesNotContain(first));
        }
        assertThat(assignedTickets(broker)).containsExactlyInAnyOrder(first, second);
    }

    private ConfigurableApplicationContext start(final EmbeddedKafkaBroker broker) {
        return Services.start(broker.getBrokersAsString(), "restart", "restart", stateDir);
    }

    /** Every ASSIGNED decision ever written, committed ones only. */
    private static List<String> assignedTickets(final EmbeddedKafkaBroker broker) {
        final List<String> assigned = new ArrayList<>();
        try (KafkaConsumer<String, TicketAssignment> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "restart-check",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ConfluentAvroDeserializer<>(SERDE, false))) {
            consumer.subscribe(List.of("ticket-assignments"));
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (record.value().getDecision() == Decision.ASSIGNED) {
                        assigned.add(record.key());
                    }
                });
                return assigned.size() >= 2;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                if (record.value().getDecision() == Decision.ASSIGNED) {
                    assigned.add(record.key());
                }
            });
        }
        return assigned;
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
