package net.oneview.chatticket.assignment;

import java.time.Duration;

/**
 * When a pool's held arrivals are due to be decided. Wall-clock bookkeeping only, kept in memory: what is held lives
 * in the state stores, so losing this only changes when the next drain happens, never what it decides about.
 *
 * <p>Normally: due {@code arrivalWindow} after the first held ticket was read. A pool that falls behind reads many
 * tickets in a window, so they compete in large batches.
 *
 * <p>Catching up (the task has started, after a restart, a deployment or a rebalance, and has read only tickets
 * created more than {@code catchUpHold} ago): more old tickets are probably still to come, so held tickets are due
 * only once nothing new has been read for {@code catchUpHold}, at the latest ten times that after the first. The
 * {@link AssignmentProcessor} decides when a task is catching up: until it reads its first fresh ticket, so a pool
 * that is merely overloaded later never holds its tickets for seconds.
 */
final class ArrivalClock {

    private final long window;
    private final long catchUpHold;
    private long firstHeldAt = -1;
    private long lastArrivalAt;
    private boolean catchingUp;

    ArrivalClock(final Duration window, final Duration catchUpHold) {
        this.window = window.toMillis();
        this.catchUpHold = catchUpHold.toMillis();
    }

    /** A ticket was held at wall-clock time {@code now}, while the task was catching up or not. */
    void arrived(final long now, final boolean whileCatchingUp) {
        if (firstHeldAt < 0) {
            firstHeldAt = now;
        }
        lastArrivalAt = now;
        catchingUp = whileCatchingUp;
    }

    boolean due(final long now) {
        if (firstHeldAt < 0) {
            return false;
        }
        if (catchingUp) {
            return now - lastArrivalAt >= catchUpHold || now - firstHeldAt >= 10 * catchUpHold;
        }
        return now - firstHeldAt >= window;
    }

    /** How often to look: often enough that a drain comes at most a fifth of the window (or hold) late. */
    static Duration tick(final AssignmentProperties rules) {
        final long hold = rules.catchUpHold().toMillis();
        final long shortest = rules.holdsArrivals() ? Math.min(rules.arrivalWindow().toMillis(), hold) : hold;
        return Duration.ofMillis(Math.max(5, shortest / 5));
    }
}
