package net.oneview.chatticket.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The serde through a containerised Apache Kafka broker; skipped (not failed) where Docker is not available. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerisedBrokerTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @Test
    void recordsCrossARealBrokerInConfluentFormat() throws Exception {
        final Map<String, Object> serde = Map.of("schema.registry.url", "mock://container", "specific.avro.reader", true);
        final TicketStatusChanged change = TicketStatusChanged.newBuilder().setTicketId("t1")
                .setStatus(TicketStatus.ESCALATED).setTime(Instant.ofEpochMilli(7)).build();
        try (KafkaProducer<String, TicketStatusChanged> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()),
                new StringSerializer(), new ConfluentAvroSerializer<>(serde, false))) {
            producer.send(new ProducerRecord<>("ticket-status", "t1", change)).get();
        }
        try (KafkaConsumer<String, TicketStatusChanged> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "container-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ConfluentAvroDeserializer<>(serde, false))) {
            consumer.subscribe(List.of("ticket-status"));
            final List<TicketStatusChanged> read = new ArrayList<>();
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                return !read.isEmpty();
            });
            assertThat(read).containsExactly(change);
        }
    }
}
