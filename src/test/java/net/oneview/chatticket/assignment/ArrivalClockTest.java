package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When held arrivals are decided: after the window, or, for a pool's first drain, once input goes quiet. */
class ArrivalClockTest {

    private final ArrivalClock clock = new ArrivalClock(Duration.ofMillis(50), Duration.ofSeconds(1));

    @Test
    void nothingHeldIsNeverDue() {
        assertThat(clock.due(1_000_000)).isFalse();
    }

    @Test
    void arrivalsAreDueOneWindowAfterTheFirst() {
        clock.arrived(10_000, false);
        clock.arrived(10_040, false);
        assertThat(clock.due(10_049)).isFalse();
        assertThat(clock.due(10_050)).isTrue();
    }

    @Test
    void aPoolsFirstDrainWaitsUntilNothingNewCameForTheHold() {
        clock.arrived(10_000, true);
        clock.arrived(10_700, true);
        assertThat(clock.due(11_000)).as("more tickets keep coming").isFalse();
        assertThat(clock.due(11_699)).isFalse();
        assertThat(clock.due(11_700)).isTrue();
    }

    @Test
    void aPoolsFirstDrainWaitsAtMostThreeHolds() {
        for (long now = 10_000; now < 13_000; now += 500) {
            clock.arrived(now, true);
            assertThat(clock.due(now)).isFalse();
        }
        assertThat(clock.due(13_000)).isTrue();
    }

    @Test
    void restoredArrivalsWaitForTheInputToGoQuiet() {
        clock.arrived(5_000, true);  // what the processor does for held tickets it finds at start-up
        assertThat(clock.due(5_999)).isFalse();
        assertThat(clock.due(6_000)).isTrue();
    }
}
