package net.oneview.chatticket.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A record with two dead letters (the service was killed after writing the first, read the record again and wrote
 * another) is sent back once, in the same run or in a later one.
 */
@EmbeddedKafka(partitions = 1, topics = {"replay-letters", "replay-source", "replay-output"}, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class DeadLetterReplayDuplicatesTest {

    @Test
    void aRecordIsSentBackOnceHoweverManyLettersItHas(final EmbeddedKafkaBroker broker) throws Exception {
        letter(broker, 5, "first");
        letter(broker, 5, "first");
        letter(broker, 6, "second");

        final Map<String, Integer> run = DeadLetterReplay.replay(broker.getBrokersAsString(), "replay-letters",
                "replay-output");
        letter(broker, 5, "first");
        final Map<String, Integer> later = DeadLetterReplay.replay(broker.getBrokersAsString(), "replay-letters",
                "replay-output");

        assertThat(run).containsEntry("replay-source", 2);
        assertThat(later).doesNotContainKey("replay-source");
        assertThat(sentBack(broker)).containsExactly("first", "second");
    }

    private static void letter(final EmbeddedKafkaBroker broker, final long offset, final String value)
            throws Exception {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.TOPIC, bytes("replay-source"));
        headers.add(DeadLetterHeaders.PARTITION, bytes("0"));
        headers.add(DeadLetterHeaders.OFFSET, bytes(Long.toString(offset)));
        headers.add(DeadLetterHeaders.ERROR, bytes("cannot apply"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<byte[], byte[]>("replay-letters", 0, (byte[]) null, bytes(value), headers)).get();
        }
    }

    private static List<String> sentBack(final EmbeddedKafkaBroker broker) {
        final Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "replay-check", false);
        props.put("isolation.level", "read_committed");
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("replay-source"));
            for (final ConsumerRecord<byte[], byte[]> record : KafkaTestUtils.getRecords(consumer,
                    Duration.ofSeconds(5), 2)) {
                values.add(new String(record.value(), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
