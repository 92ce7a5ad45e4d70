package net.oneview.chatticket.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The reference the {@code queueing} phase holds the service to: a trace of Poisson arrivals with priorities and
 * exponential handle times, the waits an ideal router would give it (zero latency, non-preemptive, most urgent first,
 * oldest first within a priority), and the textbook M/M/c figures for the same load.
 */
final class QueueingModel {

    /** A ticket of the trace: when it arrives (seconds from the start), its priority (1 most urgent), how long an agent handles it. */
    record Arrival(int index, double at, int priority, double handle) {
    }

    private QueueingModel() {
    }

    /**
     * Arrivals over {@code seconds}, at the rate that keeps {@code slots} agents' slots busy {@code load} of the time
     * when each ticket takes {@code meanHandle} seconds on average; priorities equally likely.
     */
    static List<Arrival> trace(final long seed, final int slots, final double load, final double meanHandle,
            final int priorities, final double seconds) {
        final SplittableRandom random = new SplittableRandom(seed);
        final double rate = load * slots / meanHandle;
        final List<Arrival> arrivals = new ArrayList<>();
        for (double at = exponential(random, 1 / rate); at < seconds; at += exponential(random, 1 / rate)) {
            arrivals.add(new Arrival(arrivals.size(), at, random.nextInt(1, priorities + 1),
                    exponential(random, meanHandle)));
        }
        return arrivals;
    }

    /**
     * The ideal router on the trace: each arrival takes a free slot at once; a slot that frees takes the most urgent
     * waiting ticket, the oldest of that priority. Returns each arrival's wait in seconds, by index.
     */
    static double[] idealWaits(final List<Arrival> trace, final int slots) {
        final double[] waits = new double[trace.size()];
        final PriorityQueue<Double> busyUntil = new PriorityQueue<>();
        final PriorityQueue<Arrival> waiting = new PriorityQueue<>(Comparator.comparingInt(Arrival::priority)
                .thenComparingDouble(Arrival::at).thenComparingInt(Arrival::index));
        int next = 0;
        while (next < trace.size() || !waiting.isEmpty()) {
            final boolean arrivalFirst = next < trace.size()
                    && (busyUntil.size() < slots || trace.get(next).at() < busyUntil.peek());
            if (arrivalFirst) {
                final Arrival arrival = trace.get(next++);
                if (busyUntil.size() < slots) {
                    busyUntil.add(arrival.at() + arrival.handle());
                } else {
                    waiting.add(arrival);
                }
            } else {
                final double freed = busyUntil.poll();
                if (!waiting.isEmpty()) {
                    final Arrival taken = waiting.poll();
                    waits[taken.index()] = freed - taken.at();
                    busyUntil.add(freed + taken.handle());
                }
            }
        }
        return waits;
    }

    /**
     * Mean wait of each priority (index 0 = priority 1) in a steady M/M/c queue served most urgent first without
     * preemption (Cobham): W_k = C(c, a) / (c mu (1 - s_{k-1}) (1 - s_k)), s_k the load of priorities 1..k, C Erlang's
     * probability of waiting.
     */
    static double[] steadyWaits(final int slots, final double load, final double meanHandle, final int priorities) {
        final double mu = 1 / meanHandle;
        final double offered = load * slots;
        final double perSlotTime = 1 / (slots * mu);
        final double waitProbability = erlangC(slots, offered);
        final double[] waits = new double[priorities];
        double below = 0;
        for (int k = 0; k < priorities; k++) {
            final double upTo = below + load / priorities;
            waits[k] = waitProbability * perSlotTime / ((1 - below) * (1 - upTo));
            below = upTo;
        }
        return waits;
    }

    /** The probability that an arrival waits in M/M/c with {@code offered} = lambda / mu < c. */
    static double erlangC(final int slots, final double offered) {
        double term = 1;  // offered^n / n!
        double sum = 0;
        for (int n = 0; n < slots; n++) {
            sum += term;
            term *= offered / (n + 1);
        }
        final double last = term * slots / (slots - offered);
        return last / (sum + last);
    }

    static double mean(final double[] values) {
        double sum = 0;
        for (final double value : values) {
            sum += value;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    private static double exponential(final SplittableRandom random, final double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }
}
