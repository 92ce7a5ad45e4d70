package net.oneview.chatticket.streams;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Commits a task's output as soon as its input has gone quiet, instead of at the next commit interval. Under
 * exactly-once what a stage writes is seen by the next stage only at its commit: a ticket that comes alone then crosses
 * the stage without waiting for the interval, while a flow of input (never quiet that long) is committed at the
 * interval as before, a transaction per interval and not per record. Committing at once a record that came after a
 * quiet time was measured and left out: the stream thread's clock moves once per batch, so under load the first record
 * of every batch looked alone, and the lifecycle lost 21 % of its throughput to the extra transactions.
 *
 * <p>A commit asked for by one task commits every task of its stream thread (one transaction per thread), the routing
 * stage's too, wherever it is in a burst it is reading; the pool's arrival window covers that, as it covers a commit
 * interval falling in a burst. So only decisions ask for it (the pool's, and the agents' lists they change), not every
 * record: measured, a routing stage committing whenever its own input paused let a burst of 30 tickets reach the pool
 * in ten pieces over 100 ms instead of two or three within 30 ms, past the window. Nothing is scheduled while there is
 * nothing left to commit: an idle task runs no punctuation and writes nothing.
 */
public final class QuietCommit {

    /** Input this long apart is quiet: a burst sent at once is read within it (a poll or two). */
    public static final Duration QUIET = Duration.ofMillis(10);

    private final ProcessorContext<?, ?> context;
    private long lastRead = Long.MIN_VALUE / 2;
    private Cancellable check;

    public QuietCommit(final ProcessorContext<?, ?> context) {
        this.context = context;
    }

    /** The task is reading an input record. */
    public void read() {
        lastRead = context.currentSystemTimeMs();
    }

    /** The task wrote output for the record it is reading: committed once the input has been quiet. */
    public void wrote() {
        commitOnceQuiet();
    }

    /** The task wrote output in a punctuation: committed now if the input has been quiet. */
    public void wroteLater() {
        if (quiet(context.currentSystemTimeMs())) {
            context.commit();
        } else {
            commitOnceQuiet();
        }
    }

    private void commitOnceQuiet() {
        if (check == null) {
            check = context.schedule(QUIET, PunctuationType.WALL_CLOCK_TIME, this::commitIfQuiet);
        }
    }

    private void commitIfQuiet(final long now) {
        if (quiet(now)) {
            context.commit();
            check.cancel();
            check = null;
        }
    }

    private boolean quiet(final long now) {
        return now - lastRead >= QUIET.toMillis();
    }
}
