package net.oneview.chatticket.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The loop the lifecycle phase and those built on it (pools, scale, routing, offers) measure, on tickets already
 * produced: each ASSIGNED decision seen is answered by closing the ticket and creating a new one of the same queue.
 * Measured after a warm-up: records and prints the assignments per second and the broker writes per ticket (by topic
 * too, for the run's comparison), with PROFILE=1 the service's busiest threads as well.
 */
final class LifecycleLoop {

    private LifecycleLoop() {
    }

    /** The loop without offers; returns assignments per second. */
    static double measure(final BenchRun run, final ServiceProcess service, final String phase,
            final Predicate<String> closes, final String detail) throws Exception {
        return measure(run, service, phase, closes, detail, null, null, 0);
    }

    /**
     * The loop; with offers on, {@code taker} accepts each offer to a closing agent as soon as it is seen (the ticket
     * is closed once ASSIGNED, as without offers), every decision goes to {@code ledger}, and after the measured
     * window no ticket is replaced any more until the ledger has seen every ticket created closed (the caller has
     * registered those it produced): a ticket lost would keep that from happening. The warm-up starts once
     * {@code firstRound} offers were accepted: all the agents' slots are offered at once at the start, a burst that
     * takes a while longer to answer than the steady state does.
     */
    static double measure(final BenchRun run, final ServiceProcess service, final String phase,
            final Predicate<String> closes, final String detail, final OfferTaker taker, final OfferLedger ledger,
            final int firstRound) throws Exception {
        final int seconds = run.config.size(60, 15);
        final int warmup = run.config.size(60, 5);
        final AtomicLong assigned = new AtomicLong();
        final AtomicLong decisions = new AtomicLong();
        final AtomicBoolean measuring = new AtomicBoolean();
        final AtomicBoolean replacing = new AtomicBoolean(true);
        try (KafkaProducer<String, SpecificRecord> producer = run.tickets.producer();
                Reader<TicketAssignment> reader = run.tickets.decisions(service, decision -> {
                    if (ledger != null) {
                        ledger.add(decision, Instant.now());
                    }
                    if (measuring.get()) {
                        decisions.incrementAndGet();
                    }
                    if (taker != null && decision.getOffer() == OfferStep.OFFERED
                            && closes.test(decision.getAgentId())) {
                        taker.accept(decision.getAgentId(), decision.getTicketId());
                        return;
                    }
                    if (decision.getDecision() != Decision.ASSIGNED || !closes.test(decision.getAgentId())) {
                        return;
                    }
                    if (measuring.get()) {
                        assigned.incrementAndGet();
                    }
                    Tickets.close(producer, service, decision.getTicketId());
                    if (!replacing.get()) {
                        return;
                    }
                    final TicketCreated next = Tickets.ticket(decision.getTicket().getQueue(),
                            1 + (int) (decisions.get() % 5), decision.getTicket().getChannel());
                    if (ledger != null) {
                        ledger.created(next.getId());
                    }
                    Tickets.send(producer, service, next);
                }, () -> 0)) {
            if (taker != null) {
                awaitFirstRound(taker, firstRound);
            }
            Thread.sleep(warmup * 1000L);  // the length of the warm-up is the point here, not a condition
            final Map<String, Long> topicsBefore = run.writes.byTopic(service);
            final Map<String, Long> cpuBefore = service.threadCpu();
            measuring.set(true);
            final long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            final long elapsed = System.nanoTime() - start;
            final Map<String, Long> topicsAfter = run.writes.byTopic(service);
            run.printThreadCpu(service, cpuBefore, elapsed);
            run.writes.printByTopic(topicsBefore, topicsAfter, assigned.get());
            final Map<String, Double> perTicket = new TreeMap<>();
            topicsAfter.forEach((topic, end) -> perTicket.put(topic,
                    (double) (end - topicsBefore.getOrDefault(topic, 0L)) / assigned.get()));
            run.writesPerTicketByTopic.put(phase, perTicket);
            final double rate = run.record(phase, (int) assigned.get(), elapsed, detail + ", each assignment closed "
                    + "and replaced; all decisions " + String.format(Locale.ROOT, "%.0f/s", decisions.get()
                    / (elapsed / 1e9)) + ", after " + warmup + " s of warm-up");
            run.recordWrites(phase, BrokerWrites.sum(topicsAfter) - BrokerWrites.sum(topicsBefore), assigned.get(),
                    elapsed);
            if (ledger != null) {
                replacing.set(false);
                OfferChecks.awaitClosed(ledger);
                taker.awaitAnswers();
            }
            return rate;
        }
    }

    /** Until {@code count} offers were accepted (3 minutes at most), with a progress line every 5 s. */
    private static void awaitFirstRound(final OfferTaker taker, final int count) throws InterruptedException {
        final long start = System.nanoTime();
        long lastReport = start;
        while (taker.accepted() < count) {
            if (System.nanoTime() - start > Duration.ofMinutes(3).toNanos()) {
                throw new IllegalStateException("offers: " + taker.accepted() + " of the first " + count
                        + " offers accepted in 3 minutes");
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                System.out.printf("  offers: %d of the first %d offers accepted%n", taker.accepted(), count);
                lastReport = System.nanoTime();
            }
            Thread.sleep(20);
        }
        System.out.printf(Locale.ROOT, "  offers: the first %d offers accepted in %.1f s%n", count,
                (System.nanoTime() - start) / 1e9);
    }
}
