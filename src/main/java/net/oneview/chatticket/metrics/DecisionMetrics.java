package net.oneview.chatticket.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.oneview.chatticket.assignment.DecisionObserver;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import org.springframework.stereotype.Component;

/**
 * {@code chat_ticket_decisions_total} and {@code chat_ticket_decision_latency_seconds}, by decision kind and pool,
 * {@code chat_ticket_offer_steps_total} by offer step (OFFERED, ACCEPTED, DECLINED, EXPIRED) and pool, and
 * {@code chat_ticket_overflowed_total} by pool, ticket's queue and overflow queue, counted as the pools' tasks make
 * them. At least once: a task that fails and is retried from its last commit makes
 * (and counts) its decisions again, while {@code ticket-assignments} gets them exactly once.
 */
@Component
class DecisionMetrics implements DecisionObserver {

    static final String DECISIONS = "chat.ticket.decisions";
    static final String LATENCY = "chat.ticket.decision.latency";
    static final String OFFER_STEPS = "chat.ticket.offer.steps";
    static final String OVERFLOWED = "chat.ticket.overflowed";

    /**
     * The histogram's buckets (for {@code histogram_quantile}), around what the service takes (the arrival window is
     * 100 ms; a held ticket is decided in 130-300 ms) and up to a catch-up after a restart: 17 series per kind and
     * pool where Micrometer's default percentile histogram has about 70.
     */
    static final Duration[] BUCKETS = Stream.of(10, 25, 50, 100, 150, 200, 300, 500, 750, 1_000, 2_000, 5_000,
            10_000, 30_000, 60_000, 300_000).map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, PoolMeters> pools = new ConcurrentHashMap<>();
    /** By pool, queue and overflow queue: all three from the routing configuration, so a bounded set. */
    private final Map<List<String>, Counter> overflowed = new ConcurrentHashMap<>();

    DecisionMetrics(final MeterRegistry registry, final Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void decided(final String pool, final TicketAssignment decision, final long eventTime) {
        final PoolMeters meters = pools.computeIfAbsent(pool, this::register);
        meters.decisions().get(decision.getDecision()).increment();
        meters.latency().get(decision.getDecision())
                .record(Math.max(0, clock.millis() - eventTime), TimeUnit.MILLISECONDS);
        if (decision.getOffer() != null) {
            meters.offerSteps().get(decision.getOffer()).increment();
        }
        if (gaveThroughOverflow(decision)) {
            final String queue = decision.getTicket().getQueue();
            final String overflow = decision.getExplanation().getOverflowQueue();
            overflowed.computeIfAbsent(List.of(pool, queue, overflow), key -> Counter.builder(OVERFLOWED)
                    .description("Tickets given to an agent through an overflow queue of their routing step "
                            + "(also-queues): assigned, or with offers on, offered (at least once, as decisions)")
                    .tags("pool", pool, "queue", queue, "overflow_queue", overflow)
                    .register(registry)).increment();
        }
    }

    /**
     * An assignment, or with offers on an offer (its acceptance carries no explanation), to an agent that was
     * eligible only through an overflow queue.
     */
    private static boolean gaveThroughOverflow(final TicketAssignment decision) {
        final boolean gave = decision.getOffer() == null ? decision.getDecision() == Decision.ASSIGNED
                : decision.getOffer() == OfferStep.OFFERED;
        return gave && decision.getExplanation() != null && decision.getExplanation().getOverflowQueue() != null;
    }

    /** Every kind at once, so that a kind not decided yet shows as 0 rather than missing. */
    private PoolMeters register(final String pool) {
        final Map<Decision, Counter> decisions = new EnumMap<>(Decision.class);
        final Map<Decision, Timer> latency = new EnumMap<>(Decision.class);
        for (final Decision kind : Decision.values()) {
            decisions.put(kind, Counter.builder(DECISIONS)
                    .description("Decisions made, by kind and pool (at least once; ticket-assignments is the record)")
                    .tags("kind", kind.name(), "pool", pool)
                    .register(registry));
            latency.put(kind, Timer.builder(LATENCY)
                    .description("From the time of the event a decision answers (a held ticket's: its createdAt) "
                            + "to the decision")
                    .tags("kind", kind.name(), "pool", pool)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
        final Map<OfferStep, Counter> offerSteps = new EnumMap<>(OfferStep.class);
        for (final OfferStep step : OfferStep.values()) {
            offerSteps.put(step, Counter.builder(OFFER_STEPS)
                    .description("Offers made, accepted, declined and expired, by pool (at least once, as decisions)")
                    .tags("step", step.name(), "pool", pool)
                    .register(registry));
        }
        return new PoolMeters(decisions, latency, offerSteps);
    }

    private record PoolMeters(Map<Decision, Counter> decisions, Map<Decision, Timer> latency,
            Map<OfferStep, Counter> offerSteps) {
    }
}
