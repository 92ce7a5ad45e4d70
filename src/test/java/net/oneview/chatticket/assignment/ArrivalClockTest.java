package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When held arrivals are decided: after the window (from the first's creation if it came soon after, else from when it
 * came; drawn out while arrivals are still being read), or, for a pool's first drain, once input goes quiet.
 */
class ArrivalClockTest {

    private final ArrivalClock clock = new ArrivalClock(Duration.ofMillis(50), Duration.ofSeconds(1));

    @Test
    void nothingHeldIsNeverDue() {
        assertThat(clock.due(1_000_000)).isFalse();
    }

    @Test
    void arrivalsAreDueOneWindowAfterTheFirst() {
        clock.arrived(10_000, 10_000, false);
        clock.arrived(10_040, 10_040, false);
        assertThat(clock.due(10_049)).isFalse();
        assertThat(clock.due(10_050)).isTrue();
    }

    @Test
    void aWindowThatEndsWhileItsBurstIsStillReadIsDrawnOutUntilATickPassesWithNone() {
        clock.arrived(10_000, 10_000, false);
        assertThat(clock.due(10_025)).as("the look halfway").isFalse();
        clock.arrived(10_048, 10_001, false);  // the next piece of the burst, read just before the window ends
        assertThat(clock.due(10_050)).as("still reading").isFalse();
        assertThat(clock.due(10_052)).as("a tick with nothing read").isTrue();
    }

    @Test
    void itLooksHalfwayThroughTheWindowAtItsEndThenATickAtATime() {
        assertThat(clock.nextLook()).isEqualTo(Long.MAX_VALUE);
        clock.arrived(10_000, 10_000, false);
        assertThat(clock.nextLook()).isEqualTo(10_025);
        assertThat(clock.due(10_025)).isFalse();
        assertThat(clock.nextLook()).isEqualTo(10_050);
        clock.arrived(10_049, 10_040, false);
        assertThat(clock.due(10_050)).isFalse();
        assertThat(clock.nextLook()).isEqualTo(10_052);  // a tick is a twentieth of the window: 2 ms
    }

    @Test
    void aLookForAnotherPoolOfTheTaskIsNotThisPools() {
        clock.arrived(10_000, 10_000, false);
        assertThat(clock.due(10_025)).isFalse();
        clock.arrived(10_048, 10_001, false);
        assertThat(clock.due(10_049)).as("another pool's look").isFalse();
        assertThat(clock.due(10_050)).as("still reading: the arrival at 10_048 was not looked at").isFalse();
    }

    @Test
    void aPoolsFirstDrainIsLookedAtWhenTheInputWouldHaveBeenQuietForTheHold() {
        clock.arrived(10_000, 10_000, true);
        clock.arrived(10_700, 10_700, true);
        assertThat(clock.nextLook()).isEqualTo(11_700);
        for (long now = 11_000; now <= 13_000; now += 500) {
            clock.arrived(now, now, true);
        }
        assertThat(clock.nextLook()).isEqualTo(13_000);  // at most three holds after the first
    }

    @Test
    void aWindowIsDrawnOutToAtMostThreeWindows() {
        for (long now = 10_000; now < 10_150; now += 10) {
            clock.arrived(now, 9_900, false);  // a burst sent late, read over 150 ms
            assertThat(clock.due(now)).isFalse();
        }
        clock.arrived(10_150, 9_900, false);
        assertThat(clock.due(10_150)).isTrue();
    }

    @Test
    void arrivalsCreatedAfterTheWindowDoNotDrawItOut() {
        clock.arrived(10_000, 10_000, false);
        assertThat(clock.due(10_025)).isFalse();
        clock.arrived(10_049, 10_049, false);  // still the window's own
        assertThat(clock.due(10_050)).isFalse();
        clock.arrived(10_052, 10_051, false);  // the next window's: a steady flow
        assertThat(clock.due(10_052)).isTrue();
    }

    @Test
    void aFlowReadLateDoesNotDrawOutTheWindowEither() {
        clock.arrived(10_000, 9_930, false);  // read 70 ms after its creation: the window counts from now
        assertThat(clock.due(10_025)).isFalse();
        clock.arrived(10_045, 9_985, false);  // created more than a window after the first: the next window's
        assertThat(clock.due(10_050)).isTrue();
    }

    @Test
    void theWindowCountsFromTheFirstTicketsCreationWhenItCameWithinHalfAWindowElseFromWhenItCame() {
        clock.arrived(10_000, 9_980, false);  // created 20 ms before it came: 30 ms of the window left
        assertThat(clock.due(10_029)).isFalse();
        assertThat(clock.due(10_030)).isTrue();

        final ArrivalClock late = new ArrivalClock(Duration.ofMillis(50), Duration.ofSeconds(1));
        late.arrived(10_000, 9_970, false);  // created 30 ms before (sent late, or a backlog): the rest of its burst
        assertThat(late.due(10_049)).isFalse();  // may come a routing commit later
        assertThat(late.due(10_050)).isTrue();

        final ArrivalClock skewed = new ArrivalClock(Duration.ofMillis(50), Duration.ofSeconds(1));
        skewed.arrived(10_000, 10_500, false);  // a producer's clock ahead of this one's: the whole window from now
        assertThat(skewed.due(10_049)).isFalse();
        assertThat(skewed.due(10_050)).isTrue();
    }

    @Test
    void aPoolsFirstDrainWaitsUntilNothingNewCameForTheHold() {
        clock.arrived(10_000, 10_000, true);
        clock.arrived(10_700, 10_700, true);
        assertThat(clock.due(11_000)).as("more tickets keep coming").isFalse();
        assertThat(clock.due(11_699)).isFalse();
        assertThat(clock.due(11_700)).isTrue();
    }

    @Test
    void aPoolsFirstDrainWaitsAtMostThreeHolds() {
        for (long now = 10_000; now < 13_000; now += 500) {
            clock.arrived(now, now, true);
            assertThat(clock.due(now)).isFalse();
        }
        assertThat(clock.due(13_000)).isTrue();
    }

    @Test
    void restoredArrivalsWaitForTheInputToGoQuiet() {
        clock.arrived(5_000, 5_000, true);  // what the processor does for held tickets it finds at start-up
        assertThat(clock.due(5_999)).isFalse();
        assertThat(clock.due(6_000)).isTrue();
    }
}
