package net.oneview.chatticket.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import net.oneview.chatticket.avro.SchemaPrefetch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A record whose writer schema the registry cannot give now is held back, with every record after it in its
 * partition, and handed over once the registry gives it; nothing is skipped. A real broker, and a registry on
 * 127.0.0.1 that answers 503 for one schema until told otherwise.
 */
class SchemaReadyConsumerTest {

    private static final String TOPIC = "framed";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final int KNOWN = 1;
    private static final int FAILING = 2;
    private static final int REFUSED = 3;

    private final AtomicBoolean registryFails = new AtomicBoolean(true);
    private EmbeddedKafkaBroker broker;
    private HttpServer registry;

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
        broker.afterPropertiesSet();
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            final String path = exchange.getRequestURI().getPath();
            final boolean fails = path.endsWith("/" + FAILING) && registryFails.get();
            final boolean refused = path.endsWith("/" + REFUSED);
            final byte[] answer = (fails ? "" : refused ? "{\"error_code\":40403,\"message\":\"Schema not found\"}"
                    : "{\"schema\":\"\\\"string\\\"\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fails ? 503 : refused ? 404 : 200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        broker.destroy();
    }

    @Test
    void aRecordWhoseSchemaTheRegistryCannotGiveWaitsWithTheRestOfItsPartitionUntilItCan() {
        // one the registry refuses (not found) is not waited for: its deserializer sends it to the dead letters
        produce(framed(REFUSED), framed(FAILING), framed(KNOWN), "not framed".getBytes(StandardCharsets.UTF_8));
        try (SchemaPrefetch prefetch = new SchemaPrefetch("http://127.0.0.1:" + registry.getAddress().getPort());
             SchemaReadyConsumer consumer = new SchemaReadyConsumer(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), prefetch)) {
            consumer.assign(List.of(PARTITION));
            final List<Long> handed = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                poll(consumer, handed);
                return handed.size() == 1;
            });
            for (int i = 0; i < 20; i++) {  // the registry still fails: nothing more, the position stays
                final ConsumerRecords<byte[], byte[]> polled = poll(consumer, handed);
                if (polled.nextOffsets().containsKey(PARTITION)) {  // fetched again, and held back again
                    assertThat(polled.nextOffsets().get(PARTITION).offset()).isEqualTo(1);
                }
            }
            assertThat(handed).containsExactly(0L);
            assertThat(consumer.position(PARTITION)).isEqualTo(1);

            registryFails.set(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                poll(consumer, handed);
                return handed.size() == 4;
            });
            assertThat(handed).containsExactly(0L, 1L, 2L, 3L);
        }
    }

    private static ConsumerRecords<byte[], byte[]> poll(final SchemaReadyConsumer consumer, final List<Long> handed) {
        final ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
        polled.forEach(record -> handed.add(record.offset()));
        return polled;
    }

    private void produce(final byte[]... values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (final byte[] value : values) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value));
            }
        }
    }

    /** Confluent's frame: magic byte, the schema id, then (here) an Avro string. */
    private static byte[] framed(final int schemaId) {
        return ByteBuffer.allocate(7).put((byte) 0).putInt(schemaId).put((byte) 2).put((byte) 'x').array();
    }
}
