package net.oneview.chatticket.assignment;

import java.time.Duration;

/**
 * When a pool's held arrivals are due to be decided. Wall-clock bookkeeping only, kept in memory: what is held lives
 * in the state stores, so losing this only changes when the next drain happens, never what it decides about.
 *
 * <p>Normally: due {@code arrivalWindow} after the first held ticket was created (as its record's time says), when it
 * was read at most half a window after that: the hops before the pool already spent part of the window, so a ticket
 * that arrives alone waits only what is left of it. A ticket read later than that (sent late, or a pool that fell
 * behind) or stamped with a time still to come (a producer's clock ahead) counts the whole window from when it was
 * read: the rest of its burst may come a commit of the routing stage later. A pool that falls behind reads many
 * tickets in a window, so they compete in large batches.
 *
 * <p>A pool's first drain since its task started (a start, a deployment, a rebalance) waits instead until nothing new
 * has been read for {@code quietHold}, and at most {@value #FIRST_DRAIN_LIMIT} times that after the first held
 * ticket. Right after a start the input arrives late and in pieces whatever the record timestamps say: a backlog is
 * being read, or one burst reaches the pool over a second or more (cold code, the first fetch of a producer's schema,
 * each upstream task's first commits; measured: a burst of 30 tickets sent at once reached a fresh pool in four
 * pieces 300-400 ms apart). The {@link AssignmentProcessor} tells which drain is a pool's first.
 */
final class ArrivalClock {

    /** The first drain happens at the latest this many quiet holds after the first held ticket. */
    static final int FIRST_DRAIN_LIMIT = 3;

    private final long window;
    private final long quietHold;
    private long firstHeldAt = -1;
    private long lastArrivalAt;
    private boolean firstDrain;

    ArrivalClock(final Duration window, final Duration quietHold) {
        this.window = window.toMillis();
        this.quietHold = quietHold.toMillis();
    }

    /**
     * A ticket created at {@code createdAt} was held at wall-clock time {@code now}; {@code firstDrain}: the pool has
     * not drained since it started.
     */
    void arrived(final long now, final long createdAt, final boolean firstDrain) {
        if (firstHeldAt < 0) {
            firstHeldAt = createdAt <= now && now - createdAt <= window / 2 ? createdAt : now;
        }
        lastArrivalAt = now;
        this.firstDrain = firstDrain;
    }

    boolean due(final long now) {
        if (firstHeldAt < 0) {
            return false;
        }
        if (firstDrain) {
            return now - lastArrivalAt >= quietHold || now - firstHeldAt >= FIRST_DRAIN_LIMIT * quietHold;
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
