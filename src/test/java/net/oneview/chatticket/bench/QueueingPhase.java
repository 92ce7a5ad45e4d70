package net.oneview.chatticket.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import net.oneview.chatticket.bench.QueueingModel.Arrival;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The service as a queue: Poisson arrivals with priorities 1-5 (equally likely) and exponential handle times (mean
 * 10 s) into 12 agents of one slot each, at 85 % load, from an outside producer. Each ticket is sent at its arrival
 * time and closed its handle time after its assignment is seen (read_committed). Prints the mean wait (sent to
 * ASSIGNED seen), overall and by priority, beside the ideal router's on the same arrivals and handle times (zero
 * latency, most urgent first; {@link QueueingModel}) and the steady-state M/M/c formula's; the ratio to the ideal
 * (target <= 1.15). Fails on a priority inversion: a ticket assigned while a more urgent one had been waiting for
 * more than {@value #INVERSION_GRACE_MILLIS} ms (long enough for it to have reached the pool) and was assigned clearly
 * later.
 */
final class QueueingPhase implements Phase {

    static final String NAME = "queueing";
    private static final int SLOTS = 12;
    private static final double LOAD = 0.85;
    private static final double MEAN_HANDLE_SECONDS = 10;
    private static final int PRIORITIES = 5;
    /** The same trace in every run, so that runs compare. */
    private static final long SEED = 20_261_203L;
    private static final long INVERSION_GRACE_MILLIS = 1_000;
    /**
     * Assignments seen this close together count as made together (one event freed two slots): the decisions of one
     * transaction are on several partitions, and a consumer sees them in any order.
     */
    private static final long TOGETHER_MILLIS = 250;
    private static final String QUEUE = "queueing";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final List<Arrival> trace = QueueingModel.trace(SEED, SLOTS, LOAD, MEAN_HANDLE_SECONDS, PRIORITIES,
                run.config.size(900, 180));
        try (ServiceProcess service = ServiceProcess.start(run.config, NAME + "-" + BenchRun.shortId())) {
            run.agents.online(service, QUEUE, SLOTS, 1);
            final Replay replay = new Replay(trace);
            final ScheduledExecutorService closing = Executors.newSingleThreadScheduledExecutor();
            try (KafkaProducer<String, SpecificRecord> closer = run.tickets.producer();
                    Reader<TicketAssignment> reader = run.tickets.decisions(service, decision -> {
                        final Integer index = replay.indexOf.get(decision.getTicketId());
                        if (index != null && decision.getDecision() == Decision.ASSIGNED
                                && replay.assigned(index, System.nanoTime())) {
                            closing.schedule(() -> Tickets.close(closer, service, decision.getTicketId()),
                                    (long) (trace.get(index).handle() * 1e9), TimeUnit.NANOSECONDS);
                        }
                    }, replay.assignedCount::get);
                    KafkaProducer<String, SpecificRecord> producer = run.tickets.producer()) {
                replay.send(producer, service);
                reader.awaitCount(trace.size(), Duration.ofMinutes(5));
            } finally {
                closing.shutdownNow();
            }
            report(run, trace, replay);
        }
    }

    private static void report(final BenchRun run, final List<Arrival> trace, final Replay replay) {
        final double[] measured = replay.waits();
        final double[] ideal = QueueingModel.idealWaits(trace, SLOTS);
        final double[] steady = QueueingModel.steadyWaits(SLOTS, LOAD, MEAN_HANDLE_SECONDS, PRIORITIES);
        final double ratio = QueueingModel.mean(measured) / QueueingModel.mean(ideal);
        final int inversions = replay.inversions(trace);
        final Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("tickets", trace.size());
        figures.put("seconds", trace.get(trace.size() - 1).at());
        figures.put("mean_wait_s", QueueingModel.mean(measured));
        figures.put("ideal_mean_wait_s", QueueingModel.mean(ideal));
        figures.put("ratio_to_ideal", ratio);
        figures.put("steady_state_mean_wait_s", Arrays.stream(steady).average().orElse(0));
        figures.put("inversions", inversions);
        System.out.printf(Locale.ROOT, "%-9s %9d %9.0f %11s %9s  mean wait %.2f s vs %.2f s for an ideal router on the "
                + "same trace: %.2f x (target <= 1.15); steady-state formula %.2f s; %d priority inversions%n", NAME,
                trace.size(), trace.get(trace.size() - 1).at(), "-", "-", QueueingModel.mean(measured),
                QueueingModel.mean(ideal), ratio, Arrays.stream(steady).average().orElse(0), inversions);
        for (int priority = 1; priority <= PRIORITIES; priority++) {
            final double service = meanOfPriority(trace, measured, priority);
            final double router = meanOfPriority(trace, ideal, priority);
            figures.put("priority_" + priority + "_s", List.of(service, router, steady[priority - 1]));
            System.out.printf(Locale.ROOT, "  priority %d: mean wait %.2f s, ideal %.2f s, steady state %.2f s%n",
                    priority, service, router, steady[priority - 1]);
        }
        run.results.put(NAME, figures);
        if (inversions > 0) {
            throw new IllegalStateException(inversions + " priority inversions: a ticket was assigned while a more "
                    + "urgent one waited");
        }
    }

    private static double meanOfPriority(final List<Arrival> trace, final double[] waits, final int priority) {
        return QueueingModel.mean(trace.stream().filter(arrival -> arrival.priority() == priority)
                .mapToDouble(arrival -> waits[arrival.index()]).toArray());
    }

    /** The trace as sent: when each ticket was sent and when its assignment was seen (nanoTime), by trace index. */
    private static final class Replay {

        private final List<Arrival> trace;
        private final long[] sentAt;
        private final long[] assignedAt;
        private final Map<String, Integer> indexOf = new ConcurrentHashMap<>();
        private final AtomicInteger assignedCount = new AtomicInteger();

        Replay(final List<Arrival> trace) {
            this.trace = trace;
            this.sentAt = new long[trace.size()];
            this.assignedAt = new long[trace.size()];
        }

        /** Sends each ticket at its arrival time from now. */
        void send(final KafkaProducer<String, SpecificRecord> producer, final ServiceProcess service) {
            final long start = System.nanoTime();
            for (final Arrival arrival : trace) {
                final long wait = start + (long) (arrival.at() * 1e9) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                final TicketCreated ticket = Tickets.ticket(QUEUE, arrival.priority());
                indexOf.put(ticket.getId(), arrival.index());
                synchronized (this) {
                    sentAt[arrival.index()] = System.nanoTime();
                }
                Tickets.send(producer, service, ticket);
                if (arrival.index() % 100 == 0) {
                    BenchRun.progress(NAME, arrival.index(), trace.size());
                }
            }
        }

        /** @return whether this is the ticket's first assignment seen */
        synchronized boolean assigned(final int index, final long at) {
            if (assignedAt[index] != 0) {
                return false;
            }
            assignedAt[index] = at;
            assignedCount.incrementAndGet();
            return true;
        }

        synchronized double[] waits() {
            final double[] waits = new double[trace.size()];
            for (int i = 0; i < waits.length; i++) {
                waits[i] = (assignedAt[i] - sentAt[i]) / 1e9;
            }
            return waits;
        }

        /**
         * Pairs (b, a): b assigned while a, more urgent, had been sent more than the grace before, and a assigned
         * clearly after b (not together with it).
         */
        synchronized int inversions(final List<Arrival> arrivals) {
            final long grace = INVERSION_GRACE_MILLIS * 1_000_000L;
            final long together = TOGETHER_MILLIS * 1_000_000L;
            int inversions = 0;
            for (final Arrival b : arrivals) {
                for (final Arrival a : arrivals) {
                    if (a.priority() < b.priority() && sentAt[a.index()] < assignedAt[b.index()] - grace
                            && assignedAt[a.index()] > assignedAt[b.index()] + together) {
                        inversions++;
                    }
                }
            }
            return inversions;
        }
    }
}
