package net.oneview.chatticket.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.avro.SchemaPrefetch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream threads' main consumer: hands over a partition's records up to the first whose writer schema is not at
 * hand ({@link SchemaPrefetch}), and moves the partition's position back to that record, so that it is fetched again
 * once its schema is. Nothing is skipped: Kafka Streams commits what it processed, and the position says what comes
 * next. A registry outage thus never holds a transaction open: the thread goes on committing, punctuating and
 * answering reads, and the records that need the registry wait in the topic.
 */
final class SchemaReadyConsumer extends KafkaConsumer<byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(SchemaReadyConsumer.class);

    private final SchemaPrefetch prefetch;

    SchemaReadyConsumer(final Map<String, Object> config, final SchemaPrefetch prefetch) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.prefetch = prefetch;
    }

    /** Kafka Streams' clients, with this as the main consumer. */
    static KafkaClientSupplier clients(final SchemaPrefetch prefetch) {
        return new DefaultKafkaClientSupplier() {
            @Override
            public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> getConsumer(
                    final Map<String, Object> config) {
                return new SchemaReadyConsumer(config, prefetch);
            }
        };
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(final Duration timeout) {
        final ConsumerRecords<byte[], byte[]> polled = super.poll(timeout);
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> ready = null;
        Map<TopicPartition, OffsetAndMetadata> next = null;
        for (final TopicPartition partition : polled.partitions()) {
            final List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
            int count = 0;
            while (count < records.size() && prefetch.ready(records.get(count))) {
                count++;
            }
            if (count < records.size() && ready == null) {  // the first partition held back: copy what came so far
                ready = new HashMap<>();
                next = new HashMap<>(polled.nextOffsets());
                for (final TopicPartition before : polled.partitions()) {
                    if (before.equals(partition)) {
                        break;
                    }
                    ready.put(before, polled.records(before));
                }
            }
            if (ready == null) {
                continue;
            }
            if (count < records.size()) {
                final ConsumerRecord<byte[], byte[]> first = records.get(count);
                log.debug("holding back {} from offset {}: the schema its record names is not at hand", partition,
                        first.offset());
                seek(partition, new OffsetAndMetadata(first.offset(), first.leaderEpoch(), ""));
                next.put(partition, new OffsetAndMetadata(first.offset(), first.leaderEpoch(), ""));
            }
            if (count > 0) {
                ready.put(partition, records.subList(0, count));
            }
        }
        if (ready == null) {
            return polled;
        }
        if (ready.isEmpty()) {  // all held back: fetched again at once, so wait out the poll's time first
            pause(timeout);
        }
        return new ConsumerRecords<>(ready, next);
    }

    private static void pause(final Duration timeout) {
        try {
            Thread.sleep(Math.min(timeout.toMillis(), 100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
