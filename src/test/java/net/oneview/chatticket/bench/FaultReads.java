package net.oneview.chatticket.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers to reads made while a fault runs its course, held to what the service promises, with the bounds
 * stated: every read is answered (no timeout, no refused connection to an instance that is up); no wrong body and
 * no wrong 404; no 5xx but 503, and a 503 only in a failover window; at most {@link #MAX_UNAVAILABLE} of the reads
 * 503 in all. A failover window is a time when an instance that is up says its Kafka Streams client is not RUNNING
 * (the group moving tasks: a copy may then be unable to answer), widened by {@link #BEFORE_MILLIS} before (readiness is polled) and
 * {@link #AFTER_MILLIS} after (the instances' views of the new assignment settle). Reads and readiness are
 * recorded from threads of their own.
 */
final class FaultReads {

    /** The most reads that may be 503, of all reads in the phase. */
    static final double MAX_UNAVAILABLE = 0.02;
    static final long BEFORE_MILLIS = 2_000;
    static final long AFTER_MILLIS = 5_000;

    /** What an answer was, as {@code make cluster} classifies it. */
    static final String OK = "200";
    static final String WRONG_BODY = "wrong body";
    static final String WRONG_404 = "wrong 404";
    static final String NO_ANSWER = "no answer";
    static final String UNAVAILABLE = "503";
    static final String FROM_STANDBY = "from a standby";

    private record Read(long at, String kind) {
    }

    private final long start;
    private final boolean expectStandbyAnswers;
    private final List<Read> reads = new ArrayList<>();
    private final List<long[]> notReady = new ArrayList<>();
    private int fromStandby;

    /**
     * @param start when the phase started (times are milliseconds on one clock)
     * @param expectStandbyAnswers whether the fault must have some reads answered from standby copies (an active
     *     copy's instance killed): none would mean the failover was not exercised
     */
    FaultReads(final long start, final boolean expectStandbyAnswers) {
        this.start = start;
        this.expectStandbyAnswers = expectStandbyAnswers;
    }

    /** A read answered at {@code at}: its kind ({@link #OK}, {@link #WRONG_BODY}, ..., or the status). */
    synchronized void read(final long at, final String kind, final boolean standby) {
        reads.add(new Read(at, kind));
        fromStandby += standby ? 1 : 0;
    }

    /** An instance that is up said, at {@code at}, that it is not ready. */
    synchronized void notReady(final long at) {
        final long[] last = notReady.isEmpty() ? null : notReady.get(notReady.size() - 1);
        if (last != null && at - last[1] <= BEFORE_MILLIS + AFTER_MILLIS) {
            last[1] = Math.max(last[1], at);
        } else {
            notReady.add(new long[] {at, at});
        }
    }

    /** Answers by kind, and those from a standby. */
    synchronized Map<String, Integer> counts() {
        final Map<String, Integer> counts = new TreeMap<>();
        reads.forEach(read -> counts.merge(read.kind(), 1, Integer::sum));
        if (fromStandby > 0) {
            counts.put(FROM_STANDBY, fromStandby);
        }
        return counts;
    }

    /** The failover windows, in seconds from the start, with their margins. */
    synchronized List<String> windows() {
        return notReady.stream().map(window -> String.format(Locale.ROOT, "%.1f-%.1f s",
                (window[0] - BEFORE_MILLIS - start) / 1000.0, (window[1] + AFTER_MILLIS - start) / 1000.0)).toList();
    }

    /** What breaks the promise; empty when it holds. */
    synchronized List<String> violations() {
        final List<String> found = new ArrayList<>();
        if (reads.isEmpty()) {
            found.add("no read was made");
            return found;
        }
        final Map<String, Integer> counts = counts();
        for (final String kind : List.of(WRONG_BODY, WRONG_404, NO_ANSWER)) {
            if (counts.containsKey(kind)) {
                found.add(counts.get(kind) + " reads: " + kind);
            }
        }
        counts.forEach((kind, n) -> {
            if (kind.startsWith("5") && !kind.equals(UNAVAILABLE)) {
                found.add(n + " reads answered " + kind);
            }
        });
        final List<String> outside = reads.stream().filter(read -> read.kind().equals(UNAVAILABLE) && !inWindow(read))
                .map(read -> String.format(Locale.ROOT, "%.1f s", (read.at() - start) / 1000.0)).toList();
        if (!outside.isEmpty()) {
            found.add(outside.size() + " reads answered 503 outside a failover window, at " + outside.subList(0,
                    Math.min(10, outside.size())) + "; windows " + windows());
        }
        final int unavailable = counts.getOrDefault(UNAVAILABLE, 0);
        if (unavailable > MAX_UNAVAILABLE * reads.size()) {
            found.add(String.format(Locale.ROOT, "%d of %d reads answered 503 (%.1f%%), more than %.1f%%", unavailable,
                    reads.size(), 100.0 * unavailable / reads.size(), 100 * MAX_UNAVAILABLE));
        }
        if (expectStandbyAnswers && fromStandby == 0) {
            found.add("no read was answered from a standby copy: the failover was not exercised");
        }
        return found;
    }

    private boolean inWindow(final Read read) {
        return notReady.stream().anyMatch(window -> read.at() >= window[0] - BEFORE_MILLIS
                && read.at() <= window[1] + AFTER_MILLIS);
    }
}
