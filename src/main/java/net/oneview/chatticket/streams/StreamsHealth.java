package net.oneview.chatticket.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health of the service's Kafka Streams client: UP while it runs or rebalances. */
@Component("kafkaStreams")
class StreamsHealth implements HealthIndicator {

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
        final KafkaStreams.State state = streams.state();
        final Health.Builder health = state.isRunningOrRebalancing() ? Health.up() : Health.down();
        return health.withDetail("state", state.name()).build();
    }
}
