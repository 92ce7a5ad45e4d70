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
 * <p>The processor looks halfway through the window and at its end, then a tick (a twentieth of the window) at a
 * time while the window is drawn out. A window that ends while the pool is still reading its burst (an arrival created
 * within a window of the first held ticket's creation was read since the pool's last look) is drawn out until a tick
 * passes with none, to at most {@value #DRAWN_OUT_LIMIT} windows: a burst committed in one piece upstream may still be
 * read in several, the stream thread committing or running other tasks between them (measured on 2 cores: 30 tickets
 * of one transaction read over 170-200 ms, the last of them after the drain). Arrivals created later belong to the
 * next window, so a steady flow does not draw it out, even one read late. Looks count arrivals, not times: the stream
 * thread's clock moves once per batch of records. The first look is halfway, not a tick before the end: a punctuation
 * makes its task commit, and the commit of the held tickets' writes, that close to the end, delayed the drain
 * (measured at 1 ticket/s: p50 174 ms instead of 142).
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
    private final long tick;
    private long firstHeldAt = -1;
    /** The first held ticket's creation (at the latest when it was read): its burst was created within a window. */
    private long firstCreatedAt;
    private long lastArrivalAt;
    private boolean firstDrain;
    /** When this pool's next look is due; a look for another pool of the task, or a drain's tick, is not one. */
    private long lookAt;
    private boolean readSinceLook;

    ArrivalClock(final Duration window, final Duration quietHold) {
        this.window = window.toMillis();
        this.quietHold = quietHold.toMillis();
        this.tick = tickOf(this.window);
    }

    /**
     * A ticket created at {@code createdAt} was held at wall-clock time {@code now}; {@code firstDrain}: the pool has
     * not drained since it started.
     */
    void arrived(final long now, final long createdAt, final boolean firstDrain) {
        if (firstHeldAt < 0) {
            firstHeldAt = createdAt <= now && now - createdAt <= window / 2 ? createdAt : now;
            firstCreatedAt = Math.min(createdAt, now);
            lookAt = firstHeldAt + window / 2;
        }
        lastArrivalAt = now;
        readSinceLook |= createdAt <= firstCreatedAt + window;
        this.firstDrain = firstDrain;
    }

    /** When to look next; {@code Long.MAX_VALUE} when nothing is held. */
    long nextLook() {
        if (firstHeldAt < 0) {
            return Long.MAX_VALUE;
        }
        if (firstDrain) {
            return Math.min(lastArrivalAt + quietHold, firstHeldAt + FIRST_DRAIN_LIMIT * quietHold);
        }
        return lookAt;
    }

    /** Whether the held arrivals are due now; a look, if this pool's is due. */
    boolean due(final long now) {
        if (firstHeldAt < 0) {
            return false;
        }
        if (firstDrain) {
            return now - lastArrivalAt >= quietHold || now - firstHeldAt >= FIRST_DRAIN_LIMIT * quietHold;
        }
        if (now < lookAt) {
            return false;
        }
        final boolean reading = readSinceLook;
        readSinceLook = false;
        final long open = now - firstHeldAt;
        if (open >= window && (!reading || open >= DRAWN_OUT_LIMIT * window)) {
            return true;
        }
        lookAt = open < window ? firstHeldAt + window : now + tick;
        return false;
    }

    /**
     * The time between looks once the window ends, and between the drains of a pool that holds more tickets than one
     * drain decides: a twentieth of the window (5 ms for 100 ms), at least 1 ms.
     */
    static Duration tick(final AssignmentProperties rules) {
        return Duration.ofMillis(tickOf(rules.arrivalWindow().toMillis()));
    }

    private static long tickOf(final long window) {
        return Math.max(1, window / 20);
    }
}
