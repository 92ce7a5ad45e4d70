package net.oneview.chatticket.service;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.streams.StreamsLifecycle;
import net.oneview.chatticket.streams.StreamsProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whether a running service has nothing left to decide: every record its tasks read was processed and committed, and
 * no new ticket is held for a later drain. From then on only new input makes it write another decision, so what
 * ticket-assignments holds is all it will say about the input so far.
 */
final class NothingLeftToDecide {

    private NothingLeftToDecide() {
    }

    /** Whether the service has caught up with its input and holds nothing back; may throw while it rebalances. */
    static boolean reached(final ConfigurableApplicationContext service) throws Exception {
        final KafkaStreams streams = service.getBean(StreamsLifecycle.class).streams();
        return nothingHeld(streams) && everythingReadIsCommitted(service, streams);
    }

    private static boolean nothingHeld(final KafkaStreams streams) {
        try (KeyValueIterator<String, String> held = streams.store(StoreQueryParameters.fromNameAndType(
                AssignmentProcessor.ARRIVALS_STORE, QueryableStoreTypes.<String, String>keyValueStore())).all()) {
            return !held.hasNext();
        }
    }

    /**
     * The service's group has committed past every record of the partitions its tasks read, and no transaction is
     * open on them.
     */
    private static boolean everythingReadIsCommitted(final ConfigurableApplicationContext service,
            final KafkaStreams streams) throws ExecutionException, InterruptedException {
        final Set<TopicPartition> inputs = streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream()).collect(Collectors.toSet());
        final String brokers = service.getEnvironment().getRequiredProperty("spring.kafka.bootstrap-servers");
        final Map<TopicPartition, OffsetAndMetadata> committed;
        final Map<TopicPartition, Long> written;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            // Stable: a partition whose offset an open transaction commits is left out, so it is read from its start
            // below and found not done.
            committed = admin.listConsumerGroupOffsets(service.getBean(StreamsProperties.class).applicationId(),
                    new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata().get();
            written = admin.listOffsets(inputs.stream().collect(Collectors.toMap(Function.identity(),
                    partition -> OffsetSpec.latest()))).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, end -> end.getValue().offset()));
        }
        return !inputs.isEmpty() && noRecordAfter(brokers, committed, written);
    }

    /**
     * Whether a read_committed reader starting at the committed offsets reaches the ends written without finding a
     * record. The committed offset may stop short of the end: a task that reads nothing more does not commit again to
     * pass the transaction markers behind its last record.
     */
    private static boolean noRecordAfter(final String brokers, final Map<TopicPartition, OffsetAndMetadata> committed,
            final Map<TopicPartition, Long> written) {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(written.keySet());
            written.keySet().forEach(partition -> reader.seek(partition,
                    Optional.ofNullable(committed.get(partition)).map(OffsetAndMetadata::offset).orElse(0L)));
            if (!reader.endOffsets(written.keySet()).equals(written)) {
                return false;  // a transaction is open: what it wrote is not visible yet
            }
            while (written.entrySet().stream().anyMatch(end -> reader.position(end.getKey()) < end.getValue())) {
                if (!reader.poll(Duration.ofMillis(100)).isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }
}
