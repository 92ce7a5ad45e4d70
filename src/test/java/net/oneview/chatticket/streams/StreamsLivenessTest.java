package net.oneview.chatticket.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** Which states of the Kafka Streams client mean that only a restart of the process brings the instance back. */
class StreamsLivenessTest {

    @Test
    void aFailedClientOrOneThatShutDownUnaskedIsDead() {
        assertThat(EnumSet.allOf(State.class).stream().filter(state -> StreamsLiveness.dead(state, false)))
                .containsExactlyInAnyOrderElementsOf(Set.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN,
                        State.NOT_RUNNING));
    }

    @Test
    void aClientTheServiceStopsIsNotDeadUnlessItFailed() {
        assertThat(EnumSet.allOf(State.class).stream().filter(state -> StreamsLiveness.dead(state, true)))
                .containsExactlyInAnyOrder(State.PENDING_ERROR, State.ERROR);
    }
}
