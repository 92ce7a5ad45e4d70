package net.oneview.chatticket.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.boot.convert.DurationStyle;

/**
 * A fixed rate into agents with free capacity, each ticket closed as soon as it is assigned: send to first decision
 * seen by a read_committed consumer, p50, p99 and max after a warm-up. Held arrivals (the arrival window, as the
 * service's configuration sets it) are part of what is measured. At 1 ticket/s (latency-1), at 1,000/s (latency),
 * and at 1,000/s with no arrival window (latency-no-window).
 */
final class LatencyPhase implements Phase {

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final BenchConfig config = run.config;
        final int window = (int) DurationStyle.detectAndParse(ServiceProcess.defaults()
                .getProperty("chat-ticket.assignment.arrival-window")).toMillis();
        final int commitInterval = Integer.parseInt(ServiceProcess.defaults()
                .getProperty("chat-ticket.streams.config.commit.interval.ms"));
        measure(run, "latency-1", 1, config.size(150, 40), 5, window, commitInterval);
        measure(run, "latency", config.size(1_000, 200), config.size(60, 15), config.size(15, 5), window,
                commitInterval);
        measure(run, "latency-no-window", config.size(1_000, 200), config.size(60, 15), config.size(15, 5), 0,
                commitInterval);
    }

    /**
     * Produced to ASSIGNED seen by a read_committed consumer, each ticket closed once assigned, at a steady rate (per
     * second), with the arrival window given (0: each ticket decided as it comes). Target: p50 <= 100 ms, p99 <= 250
     * ms at 1 and at 1,000 tickets/s.
     */
    private static void measure(final BenchRun run, final String phase, final int rate, final int seconds,
            final int warmup, final int windowMillis, final int commitInterval) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(run.config, phase + "-" + BenchRun.shortId(),
                "--chat-ticket.assignment.arrival-window=" + windowMillis + "ms")) {
            run.agents.online(service, "latency", 100, 10);
            final Map<String, Long> sent = new ConcurrentHashMap<>();
            final Histogram histogram = new Histogram(60_000_000_000L, 3);
            final Set<String> decided = ConcurrentHashMap.newKeySet();
            final AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
            final LatencyStages stages = rate == 1 ? new LatencyStages(run.config, service, sent) : null;
            try (stages; KafkaProducer<String, SpecificRecord> closer = run.tickets.producer();
                    Reader<TicketAssignment> reader = run.tickets.decisions(service, decision -> {
                        final Long at = sent.get(decision.getTicketId());
                        if (at != null && decided.add(decision.getTicketId()) && at >= measuredFrom.get()) {
                            histogram.recordValue(Math.max(0, System.nanoTime() - at));
                        }
                        if (at != null && decision.getDecision() == Decision.ASSIGNED) {
                            Tickets.close(closer, service, decision.getTicketId());
                        }
                    }, decided::size);
                    KafkaProducer<String, SpecificRecord> producer = run.tickets.producer()) {
                final long start = System.nanoTime();
                measuredFrom.set(start + warmup * 1_000_000_000L);
                final long interval = 1_000_000_000L / rate;
                for (long i = 0; i < (long) rate * (warmup + seconds); i++) {
                    final long wait = start + i * interval - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    final TicketCreated ticket = Tickets.ticket("latency", 1 + (int) (i % 5));
                    sent.put(ticket.getId(), System.nanoTime());
                    Tickets.send(producer, service, ticket);
                    if (i % (rate * 5L) == 0) {
                        BenchRun.progress("latency", i, (long) rate * (warmup + seconds));
                    }
                }
                reader.awaitCount(sent.size(), Duration.ofMinutes(2));
            }
            final double ms = 1e6;
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("rate_per_s", rate);
            figures.put("seconds", seconds);
            figures.put("warmup_seconds", warmup);
            figures.put("p50_ms", histogram.getValueAtPercentile(50) / ms);
            figures.put("p99_ms", histogram.getValueAtPercentile(99) / ms);
            figures.put("max_ms", histogram.getMaxValue() / ms);
            figures.put("commit_interval_ms", commitInterval);
            figures.put("arrival_window_ms", windowMillis);
            if (stages != null) {
                figures.putAll(stages.figures(measuredFrom.get()));
            }
            run.results.put(phase, figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11d %9s  p50 %.0f ms, p99 %.0f ms, max %.0f ms after %d s of "
                    + "warm-up (commit interval %d ms, arrival window %d ms)%n", phase, histogram.getTotalCount(),
                    seconds, rate, "-", histogram.getValueAtPercentile(50) / ms,
                    histogram.getValueAtPercentile(99) / ms, histogram.getMaxValue() / ms, warmup, commitInterval,
                    windowMillis);
            if (stages != null) {
                System.out.printf(Locale.ROOT, "%-9s %9s %9s %11s %9s  from the sending, p50 / p99: routed "
                        + "%.0f / %.0f ms, its routing committed %.0f / %.0f ms, decided %.0f / %.0f ms, committed "
                        + "%.0f / %.0f ms (each stage seen by a consumer of its own waiting at most 5 ms per fetch)%n",
                        phase, "", "", "", "",
                        figures.get("routed_written_p50_ms"), figures.get("routed_written_p99_ms"),
                        figures.get("routed_committed_p50_ms"), figures.get("routed_committed_p99_ms"),
                        figures.get("decided_written_p50_ms"), figures.get("decided_written_p99_ms"),
                        figures.get("decided_committed_p50_ms"), figures.get("decided_committed_p99_ms"));
            }
        }
    }
}
