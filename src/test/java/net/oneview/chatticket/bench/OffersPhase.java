package net.oneview.chatticket.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The lifecycle phase with offers on (a timeout long enough that none expires): each offer is accepted over HTTP as
 * soon as the bench sees it on ticket-assignments, and the ticket closed once ASSIGNED. Assignments per second as a
 * ratio of the lifecycle phase (measured first if this run does not select it), broker writes per ticket by topic next
 * to the lifecycle's; then the accept's round trip at a steady 500 accepts/s. Fails on a breach of the offers'
 * guarantees ({@link OfferLedger}), a ticket not closed in the end, or an accept answered with an error.
 */
final class OffersPhase implements Phase {

    @Override
    public String name() {
        return "offers";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        LifecyclePhase.runFirst(run, "offers", "offers off");
        final int agents = run.config.size(1_000, 500);
        final int capacity = 4;
        final int backlog = run.config.size(20_000, 5_000);
        final Duration timeout = Duration.ofSeconds(30);
        try (ServiceProcess service = ServiceProcess.start(run.config, "offers-" + BenchRun.shortId(),
                "--chat-ticket.offers.timeout=" + timeout.toSeconds() + "s")) {
            final List<String> ids = Agents.ids(agents);
            run.agents.online(service, "offers", ids, capacity);
            final OfferLedger ledger = new OfferLedger(timeout);
            final OfferTaker taker = new OfferTaker(Requests.HTTP, service.port,
                    agent -> run.agents.token(agent, "offers", capacity));
            run.tickets.produce(service, "offers", agents * capacity + backlog, ledger::created);
            final Set<String> closing = Set.copyOf(ids);
            final double rate = LifecycleLoop.measure(run, service, "offers",
                    agent -> agent != null && closing.contains(agent), agents + " agents x capacity " + capacity + ", "
                    + backlog + " waiting kept, offers on (timeout " + timeout.toSeconds() + " s), each offer accepted "
                    + "over HTTP as soon as seen", taker, ledger, agents * capacity);
            final Map<String, Object> figures = run.results.get("offers");
            final Object off = run.results.get(LifecyclePhase.NAME).get("per_second");
            if (off instanceof Double offRate) {
                figures.put("ratio_to_lifecycle", rate / offRate);
                System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9s  offers on = %.2f x offers off (lifecycle, "
                        + "%.0f/s; target >= 0.70: %s)%n", "offers", "", "", rate, "", rate / offRate, offRate,
                        rate / offRate >= 0.7 ? "met" : "MISSED");
            }
            figures.put("writes_per_ticket_by_topic", compareWritesByTopic(run, LifecyclePhase.NAME, "offers"));
            OfferChecks.check("offers", ledger, taker, figures);
            acceptRoundTrip(run, service, figures);
        }
    }

    /**
     * Prints the broker writes per ticket of each topic in two phases side by side (topics written in either, the
     * most written first), and returns the second phase's as one line for the report.
     */
    private static String compareWritesByTopic(final BenchRun run, final String reference, final String phase) {
        final Map<String, Double> before = run.writesPerTicketByTopic.getOrDefault(reference, Map.of());
        final Map<String, Double> after = run.writesPerTicketByTopic.get(phase);
        final Set<String> topics = new TreeSet<>(after.keySet());
        topics.addAll(before.keySet());
        final Function<String, String> shortName = topic -> topic.replace("bench-*-", "").replace("-*", "");
        System.out.printf("  broker writes per ticket by topic: %s | %s%n", reference, phase);
        topics.stream().filter(topic -> after.getOrDefault(topic, 0.0) + before.getOrDefault(topic, 0.0) >= 0.005)
                .sorted(Comparator.comparing((String topic) -> -after.getOrDefault(topic, 0.0)))
                .forEach(topic -> System.out.printf(Locale.ROOT, "  %6.2f | %6.2f  %s%n",
                        before.getOrDefault(topic, Double.NaN), after.getOrDefault(topic, 0.0),
                        shortName.apply(topic)));
        return after.entrySet().stream().filter(topic -> topic.getValue() >= 0.005)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(topic -> String.format(Locale.ROOT, "%s %.2f", shortName.apply(topic.getKey()), topic.getValue()))
                .collect(Collectors.joining("; "));
    }

    /**
     * The phase's second part, on its service with its offers settled: 100 other agents (capacity 10) take 500 new
     * tickets/s, each offer accepted as soon as seen and each ticket closed once ASSIGNED: the accept's round trip
     * (POST to the answer, given once the ticket is in the agent's GET tickets), p50 and p99, after a warm-up.
     */
    private static void acceptRoundTrip(final BenchRun run, final ServiceProcess service,
            final Map<String, Object> figures) throws Exception {
        final int rate = 500;
        final int seconds = run.config.size(30, 10);
        final int warmup = run.config.size(10, 5);
        final List<String> agents = Agents.ids(100);
        run.agents.online(service, "offers-accept", agents, 10);
        final Set<String> mine = Set.copyOf(agents);
        final OfferLedger ledger = new OfferLedger(Duration.ofSeconds(30));
        final OfferTaker taker = new OfferTaker(Requests.HTTP, service.port,
                agent -> run.agents.token(agent, "offers-accept", 10));
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        try (KafkaProducer<String, SpecificRecord> closer = run.tickets.producer();
                Reader<TicketAssignment> reader = run.tickets.decisions(service, decision -> {
                    ledger.add(decision, Instant.now());
                    if (decision.getAgentId() == null || !mine.contains(decision.getAgentId())) {
                        return;
                    }
                    if (decision.getOffer() == OfferStep.OFFERED) {
                        taker.accept(decision.getAgentId(), decision.getTicketId());
                    } else if (decision.getDecision() == Decision.ASSIGNED) {
                        Tickets.close(closer, service, decision.getTicketId());
                    }
                }, () -> 0)) {
            try (Load load = new Load(run.tickets, service, "offers-accept", rate, sent)) {
                Thread.sleep(warmup * 1000L);  // the warm-up's length is the point, not a condition
                taker.measuring(true);
                Thread.sleep(seconds * 1000L);
                taker.measuring(false);
            }
            sent.forEach(ledger::created);
            OfferChecks.awaitClosed(ledger);
            taker.awaitAnswers();
        }
        final Histogram roundTrip = taker.roundTrip();
        final double ms = 1e6;
        figures.put("accept_rate_per_s", (double) roundTrip.getTotalCount() / seconds);
        figures.put("accept_p50_ms", roundTrip.getValueAtPercentile(50) / ms);
        figures.put("accept_p99_ms", roundTrip.getValueAtPercentile(99) / ms);
        figures.put("accept_max_ms", roundTrip.getMaxValue() / ms);
        figures.put("accept_sent_before_the_view_had_the_offer", taker.early());
        System.out.printf(Locale.ROOT, "%-9s %9d %9d %11.0f %9s  accept round trip (POST accept answered once the "
                + "ticket is in GET tickets) p50 %.1f ms, p99 %.1f ms (target <= 50 ms: %s), max %.0f ms, for %d new "
                + "tickets/s after %d s of warm-up; %d sent again (404/503: the agent's view not there yet)%n",
                "offers", roundTrip.getTotalCount(), seconds, (double) roundTrip.getTotalCount() / seconds, "-",
                roundTrip.getValueAtPercentile(50) / ms, roundTrip.getValueAtPercentile(99) / ms,
                roundTrip.getValueAtPercentile(99) / ms <= 50 ? "met" : "MISSED", roundTrip.getMaxValue() / ms, rate,
                warmup, taker.early());
        OfferChecks.check("offers-accept", ledger, taker, figures);
    }
}
