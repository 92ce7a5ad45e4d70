package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import net.oneview.chatticket.streams.StreamsLifecycle;
import net.oneview.chatticket.streams.TopicProperties;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * Not ready while Kafka Streams is not running: not started, stopping, stopped, failed; a rebalance alone is no reason
 * once the store has answered (the grace itself is {@link ReadinessGraceTest}'s, the stores' answers the service
 * tests').
 */
class AgentsStoreHealthTest {

    private final StreamsLifecycle lifecycle = mock(StreamsLifecycle.class);
    private final AgentsStoreHealth health = new AgentsStoreHealth(lifecycle, mock(TopicProperties.class),
            Clock.systemUTC(), Duration.ofSeconds(30));

    @Test
    void notReadyBeforeStreamsStarts() {
        assertThat(health.health().getStatus()).isEqualTo(AgentsStoreHealth.NOT_READY);
    }

    @Test
    void notReadyWhileStreamsIsNotRunning() {
        final KafkaStreams streams = mock(KafkaStreams.class);
        when(lifecycle.streams()).thenReturn(streams);
        for (final KafkaStreams.State state : new KafkaStreams.State[] {KafkaStreams.State.CREATED,
                KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_ERROR,
                KafkaStreams.State.ERROR}) {
            when(streams.state()).thenReturn(state);

            assertThat(health.health().getStatus()).as(state.name()).isEqualTo(AgentsStoreHealth.NOT_READY);
        }
    }

    @Test
    void aRebalanceKeepsAnInstanceThatHasAnsweredReadyButNotOneThatNeverDid() {
        final KafkaStreams streams = mock(KafkaStreams.class);
        when(lifecycle.streams()).thenReturn(streams);
        when(streams.state()).thenReturn(KafkaStreams.State.REBALANCING);
        assertThat(health.health().getStatus()).as("starting").isEqualTo(AgentsStoreHealth.NOT_READY);

        when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        when(streams.state()).thenReturn(KafkaStreams.State.REBALANCING);
        assertThat(health.health().getStatus()).as("rebalancing, within the grace").isEqualTo(Status.UP);
    }
}
