package net.oneview.chatticket.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.oneview.chatticket.bench.QueueingModel.Arrival;
import org.junit.jupiter.api.Test;

/** The queueing phase's reference: the ideal router agrees with the textbook over a long trace, and with a hand-made one. */
class QueueingModelTest {

    @Test
    void erlangCIsTheKnownValue() {
        // 2 servers, offered load 1: P(wait) = (1/2 * 2) / (1 + 1 + 1) = 1/3
        assertThat(QueueingModel.erlangC(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void theIdealRouterServesTheMostUrgentWaitingTicketWhenASlotFrees() {
        final List<Arrival> trace = List.of(new Arrival(0, 0.0, 3, 10.0), new Arrival(1, 1.0, 3, 1.0),
                new Arrival(2, 2.0, 1, 1.0), new Arrival(3, 3.0, 2, 1.0));

        final double[] waits = QueueingModel.idealWaits(trace, 1);

        // the slot frees at 10: priority 1 (arrived at 2) first, then 2 (arrived at 3), then the 3 that came first
        assertThat(waits).containsExactly(new double[] {0.0, 11.0, 8.0, 8.0}, within(1e-12));
    }

    @Test
    void overALongTraceTheIdealRouterWaitsAsTheSteadyStateFormulaSays() {
        final int slots = 12;
        final List<Arrival> trace = QueueingModel.trace(42, slots, 0.85, 10, 5, 2_000_000);
        final double[] waits = QueueingModel.idealWaits(trace, slots);
        final double[] steady = QueueingModel.steadyWaits(slots, 0.85, 10, 5);

        for (int priority = 1; priority <= 5; priority++) {
            final int p = priority;
            final double[] ofPriority = trace.stream().filter(arrival -> arrival.priority() == p)
                    .mapToDouble(arrival -> waits[arrival.index()]).toArray();
            assertThat(QueueingModel.mean(ofPriority)).as("priority %d", p)
                    .isCloseTo(steady[p - 1], within(steady[p - 1] * 0.1));
        }
    }
}
