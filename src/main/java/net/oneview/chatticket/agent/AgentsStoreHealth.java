package net.oneview.chatticket.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.oneview.chatticket.query.LocalStores;
import net.oneview.chatticket.streams.StreamsLifecycle;
import net.oneview.chatticket.streams.TopicProperties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Whether this instance can answer for agents, which the readiness group reads: Kafka Streams running and every
 * partition of the {@value AgentViews#STORE} store it holds answering a query; or, while Kafka Streams rebalances or a
 * partition is restoring, having answered less than {@code chat-ticket.health.readiness-grace} ago
 * ({@link ReadinessGrace}: a rebalance stops every instance's queries at once). Its status when not ready is not
 * among Spring's ordered statuses, so that the overall health stays what the other components make it (alive, only
 * not ready); the readiness group orders it and answers it with 503.
 */
@Component("agentsStore")
class AgentsStoreHealth implements HealthIndicator {

    static final Status NOT_READY = new Status("NOT_READY", "the agents store cannot be queried here yet");

    private final StreamsLifecycle lifecycle;
    private final TopicProperties topics;
    private final ReadinessGrace grace;

    AgentsStoreHealth(final StreamsLifecycle lifecycle, final TopicProperties topics, final Clock clock,
            @Value("${chat-ticket.health.readiness-grace:30s}") final Duration grace) {
        this.lifecycle = lifecycle;
        this.topics = topics;
        this.grace = new ReadinessGrace(grace, clock);
    }

    @Override
    public Health health() {
        final KafkaStreams streams = lifecycle.streams();
        if (streams == null || !streams.state().isRunningOrRebalancing()) {
            grace.ready(false);
            final String state = streams == null ? "NOT_STARTED" : streams.state().name();
            return Health.status(NOT_READY).withDetail("state", state).build();
        }
        String unanswered = "Kafka Streams is rebalancing";  // its stores answer no query meanwhile
        if (streams.state() == KafkaStreams.State.RUNNING) {
            try {
                final List<Integer> partitions = queryHeldPartitions(streams);
                grace.ready(true);
                return Health.up().withDetail("partitions", partitions).build();
            } catch (InvalidStateStoreException e) {
                unanswered = String.valueOf(e.getMessage());
            }
        }
        final Health.Builder health = grace.ready(false) ? Health.up() : Health.status(NOT_READY);
        return health.withDetail("reason", unanswered)
                .withDetail("unansweredSince", String.valueOf(grace.unansweredSince())).build();
    }

    /** Queries every partition of the agents store held here; the partitions, or the store's refusal. */
    private List<Integer> queryHeldPartitions(final KafkaStreams streams) {
        final List<Integer> partitions = heldPartitions(streams);
        for (final int partition : partitions) {
            new LocalStores(streams, partition, false)
                    .store(AgentViews.STORE, QueryableStoreTypes.keyValueStore()).approximateNumEntries();
        }
        return partitions;
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
