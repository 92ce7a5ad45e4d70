package net.oneview.chatticket.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health of the service's Kafka Streams client: UP while it runs; while it rebalances, the status REBALANCING (which
 * leaves the service's overall health UP); DOWN when it is not started or has failed. Anyone sees the status; the
 * state itself is a detail, for supervisors. Neither probe reads it: readiness is the agents store's answers, liveness
 * the process ({@link StreamsLiveness}).
 */
@Component("kafkaStreams")
class StreamsHealth implements HealthIndicator {

    /** Not among Spring's ordered statuses, so it does not change the aggregate: alive, not ready. */
    static final Status REBALANCING = new Status("REBALANCING", "Kafka Streams is rebalancing its tasks");

    private final StreamsLifecycle lifecycle;

    StreamsHealth(final StreamsLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Health health() {
        final KafkaStreams streams = lifecycle.streams();
        if (streams == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        if (lifecycle.addressShared()) {
            return Health.down().withDetail("state", "ADDRESS_SHARED")
                    .withDetail("reason", "another instance advertises this instance's address " + lifecycle.self())
                    .build();
        }
        final KafkaStreams.State state = streams.state();
        final Health.Builder health = state == KafkaStreams.State.RUNNING ? Health.up()
                : state == KafkaStreams.State.REBALANCING ? Health.status(REBALANCING) : Health.down();
        return health.withDetail("state", state.name()).build();
    }
}
