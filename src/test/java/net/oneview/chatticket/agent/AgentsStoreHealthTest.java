package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import net.oneview.chatticket.streams.StreamsLifecycle;
import net.oneview.chatticket.streams.TopicProperties;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** Not ready while Kafka Streams is not running: not started, rebalancing, stopped. */
class AgentsStoreHealthTest {

    private final StreamsLifecycle lifecycle = mock(StreamsLifecycle.class);
    private final AgentsStoreHealth health = new AgentsStoreHealth(lifecycle, mock(TopicProperties.class));

    @Test
    void notReadyBeforeStreamsStarts() {
        assertThat(health.health().getStatus()).isEqualTo(AgentsStoreHealth.NOT_READY);
    }

    @Test
    void notReadyWhileStreamsIsNotRunning() {
        final KafkaStreams streams = mock(KafkaStreams.class);
        when(lifecycle.streams()).thenReturn(streams);
        for (final KafkaStreams.State state : new KafkaStreams.State[] {KafkaStreams.State.CREATED,
                KafkaStreams.State.REBALANCING, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.ERROR}) {
            when(streams.state()).thenReturn(state);

            assertThat(health.health().getStatus()).as(state.name()).isEqualTo(AgentsStoreHealth.NOT_READY);
        }
    }
}
