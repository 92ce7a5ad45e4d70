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
 * <p>The processor looks halfway through the window, and at its end. A window that ends while the pool is still
 * reading its burst (an arrival created within the window was read since the last look) is drawn out a tick at a
 * time until a tick passes with none, to at most {@value #DRAWN_OUT_LIMIT} windows: a burst committed in one piece
 * upstream may still be read in several, the stream thread committing or running other tasks between them (measured
 * on 2 cores: 30 tickets of one transaction read over 170-200 ms, the last of them after the drain). Arrivals created
 * after the window belong to the next one, so a steady flow does not draw it out. Looks count arrivals, not times:
 * the stream thread's clock moves once per batch of records. The look halfway is not a tick before the end: a punctuation makes its task commit, and
 * the commit of the held tickets' writes, that close to the end, delayed the drain (measured at 1 ticket/s: p50 174
 * ms instead of 142).
 *
 * <p>A pool's first drain since its task started (a start, a deployment, a rebalance) waits instead until nothing new
 * has been read for {@code quietHold}, and at most {@value #FIRST_DRAIN_LIMIT} times that after the first held
 * ticket. Right after a start the input arrives late and in pieces whatever the record timestamps say: a backlog is
 * being read, or one burst reaches the pool over a second or more (cold code, the first fetch of a producer's schema,
 * each upstream task's first commits; measured: a burst of 30 tickets sent at once reached a fresh pool in four
 * pieces 300-400 ms apart). The {@link AssignmentProcessor} tells which drain is a pool's first.
 */
final class ArrivalClock {

    /** A window still being read is drawn out to at most this many windows after the first held ticket. */
    static final int DRAWN_OUT_LIMIT = 3;

    /** The first drain happens at the latest this many quiet holds after the first held ticket. */
    static final int FIRST_DRAIN_LIMIT = 3;

    private final long window;
    private final long quietHold;
    private final long look;
    private long firstHeldAt = -1;
    private long lastArrivalAt;
    private boolean firstDrain;
    private boolean readSinceLook;

    ArrivalClock(final Duration window, final Duration quietHold) {
        this.window = window.toMillis();
        this.quietHold = quietHold.toMillis();
        this.look = lookEvery(this.window);
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
        readSinceLook |= createdAt <= firstHeldAt + window;
        this.firstDrain = firstDrain;
    }

    /** When to look next, at the earliest: a look before the held arrivals can be due is harmless. */
    long nextLook(final long now) {
        if (firstHeldAt < 0) {
            return Long.MAX_VALUE;
        }
        if (firstDrain) {
            return Math.min(lastArrivalAt + quietHold, firstHeldAt + FIRST_DRAIN_LIMIT * quietHold);
        }
        final long end = firstHeldAt + window;
        if (now < end - window / 2) {
            return end - window / 2;
        }
        return now < end ? end : now + look;
    }

    /** A look: whether the held arrivals are due now. */
    boolean due(final long now) {
        final boolean reading = readSinceLook;
        readSinceLook = false;
        if (firstHeldAt < 0) {
            return false;
        }
        if (firstDrain) {
            return now - lastArrivalAt >= quietHold || now - firstHeldAt >= FIRST_DRAIN_LIMIT * quietHold;
        }
        final long open = now - firstHeldAt;
        return open >= window && (!reading || open >= DRAWN_OUT_LIMIT * window);
    }

    /**
     * The time between looks once the window ends, and between the drains of a pool that holds more tickets than one
     * drain decides: a twentieth of the window (5 ms for 100 ms), at least 1 ms.
     */
    static Duration tick(final AssignmentProperties rules) {
        return Duration.ofMillis(lookEvery(rules.arrivalWindow().toMillis()));
    }

    private static long lookEvery(final long window) {
        return Math.max(1, window / 20);
    }
}
