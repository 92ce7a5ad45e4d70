package net.oneview.chatticket.agent;

import java.util.List;
import net.oneview.chatticket.query.LocalStores;
import net.oneview.chatticket.streams.StreamsLifecycle;
import net.oneview.chatticket.streams.TopicProperties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Whether this instance can answer for agents: Kafka Streams RUNNING, and every partition of the {@value
 * AgentViews#STORE} store it holds answers a query. The readiness group reads it. Its status when not ready is not
 * among Spring's ordered statuses, so that the overall health stays what the other components make it (alive, only
 * not ready); the readiness group orders it and answers it with 503.
 */
@Component("agentsStore")
class AgentsStoreHealth implements HealthIndicator {

    static final Status NOT_READY = new Status("NOT_READY", "the agents store cannot be queried here yet");

    private final StreamsLifecycle lifecycle;
    private final TopicProperties topics;

    AgentsStoreHealth(final StreamsLifecycle lifecycle, final TopicProperties topics) {
        this.lifecycle = lifecycle;
        this.topics = topics;
    }

    @Override
    public Health health() {
        final KafkaStreams streams = lifecycle.streams();
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            final String state = streams == null ? "NOT_STARTED" : streams.state().name();
            return Health.status(NOT_READY).withDetail("state", state).build();
        }
        try {
            final List<Integer> partitions = heldPartitions(streams);
            for (final int partition : partitions) {
                new LocalStores(streams, partition, false)
                        .store(AgentViews.STORE, QueryableStoreTypes.keyValueStore()).approximateNumEntries();
            }
            return Health.up().withDetail("partitions", partitions).build();
        } catch (InvalidStateStoreException e) {
            return Health.status(NOT_READY).withDetail("reason", String.valueOf(e.getMessage())).build();
        }
    }

    /** The partitions of the agents' task this instance holds active (none is fine: it forwards every read). */
    private List<Integer> heldPartitions(final KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(topics.agentStatus()))
                .map(TopicPartition::partition).sorted().toList();
    }
}
