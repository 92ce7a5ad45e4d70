package net.oneview.chatticket.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Offers with a short timeout (2 s), one offer in ten left to expire, the others accepted as soon as seen; each
 * agent that let one expire (and so is away) is put online again at once. How late an expired offer moves on:
 * from its expiry to the ticket's next offer, seen by a read_committed consumer and as made by the pool, p50 and
 * p99 after a warm-up. Fails like the offers phase, and on a ticket offered again to an agent that passed it.
 */
final class OffersExpiryPhase implements Phase {

    @Override
    public String name() {
        return "offers-expiry";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        final int rate = run.config.size(500, 200);
        final int seconds = run.config.size(60, 20);
        final int warmup = run.config.size(10, 5);
        final int capacity = 10;
        final Duration timeout = Duration.ofSeconds(2);
        try (ServiceProcess service = ServiceProcess.start(run.config, "offers-expiry-" + BenchRun.shortId(),
                "--chat-ticket.offers.timeout=" + timeout.toSeconds() + "s")) {
            final List<String> agents = Agents.ids(100);
            run.agents.online(service, "offers-expiry", agents, capacity);
            final OfferLedger ledger = new OfferLedger(timeout);
            final OfferTaker taker = new OfferTaker(Requests.HTTP, service.port,
                    agent -> run.agents.token(agent, "offers-expiry", capacity));
            final AtomicLong offered = new AtomicLong();
            final Set<String> sent = ConcurrentHashMap.newKeySet();
            try (KafkaProducer<String, SpecificRecord> closer = run.tickets.producer();
                    Reader<TicketAssignment> reader = run.tickets.decisions(service, decision -> {
                        ledger.add(decision, Instant.now());
                        if (decision.getOffer() == OfferStep.OFFERED) {
                            if (offered.incrementAndGet() % 10 != 0) {
                                taker.accept(decision.getAgentId(), decision.getTicketId());
                            }
                        } else if (decision.getOffer() == OfferStep.EXPIRED) {
                            taker.online(decision.getAgentId());
                        } else if (decision.getDecision() == Decision.ASSIGNED) {
                            Tickets.close(closer, service, decision.getTicketId());
                        }
                    }, () -> 0)) {
                try (Load load = new Load(run.tickets, service, "offers-expiry", rate, sent)) {
                    Thread.sleep(warmup * 1000L);  // the warm-up's length is the point, not a condition
                    ledger.measuring(true);
                    Thread.sleep(seconds * 1000L);
                    ledger.measuring(false);
                }
                sent.forEach(ledger::created);
                OfferChecks.awaitClosed(ledger);
                taker.awaitAnswers();
            }
            final Histogram seen = ledger.seenLate();
            final Histogram made = ledger.decidedLate();
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("rate_per_s", rate);
            figures.put("seconds", seconds);
            figures.put("warmup_seconds", warmup);
            figures.put("offer_timeout_ms", timeout.toMillis());
            figures.put("tickets", sent.size());
            figures.put("offers", ledger.offers());
            figures.put("expired", ledger.expiries());
            figures.put("expired_measured", seen.getTotalCount());
            figures.put("late_seen_p50_ms", seen.getValueAtPercentile(50));
            figures.put("late_seen_p99_ms", seen.getValueAtPercentile(99));
            figures.put("late_seen_max_ms", seen.getMaxValue());
            figures.put("late_made_p50_ms", made.getValueAtPercentile(50));
            figures.put("late_made_p99_ms", made.getValueAtPercentile(99));
            figures.put("put_online_again", taker.onlineAgain());
            run.results.put("offers-expiry", figures);
            System.out.printf(Locale.ROOT, "%-9s %9d %9d %11d %9s  %d offers, %d expired (1 in 10 left to, timeout %d "
                    + "s): expiry to the next offer seen p50 %d ms, p99 %d ms (target <= 200 ms: %s), max %d ms (made "
                    + "by the pool p50 %d ms, p99 %d ms) over %d expiries after %d s of warm-up; %d agents put online "
                    + "again%n", "offers-expiry", sent.size(), seconds, rate, "-", ledger.offers(), ledger.expiries(),
                    timeout.toSeconds(), seen.getValueAtPercentile(50), seen.getValueAtPercentile(99),
                    seen.getTotalCount() > 0 && seen.getValueAtPercentile(99) <= 200 ? "met" : "MISSED",
                    seen.getMaxValue(), made.getValueAtPercentile(50), made.getValueAtPercentile(99),
                    seen.getTotalCount(), warmup, taker.onlineAgain());
            OfferChecks.check("offers-expiry", ledger, taker, figures);
        }
    }
}
