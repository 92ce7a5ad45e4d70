package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.oneview.chatticket.assignment.AssignmentProperties.OfflinePolicy;
import net.oneview.chatticket.assignment.RoutingProperties.AgentOrder;
import net.oneview.chatticket.assignment.RoutingProperties.QueueRouting;
import net.oneview.chatticket.assignment.RoutedEvents.AgentChange;
import net.oneview.chatticket.assignment.RoutedEvents.Creation;
import net.oneview.chatticket.assignment.RoutedEvents.Input;
import net.oneview.chatticket.assignment.RoutedEvents.Ready;
import net.oneview.chatticket.assignment.RoutedEvents.Reply;
import net.oneview.chatticket.assignment.RoutedEvents.Routed;
import net.oneview.chatticket.assignment.RoutedEvents.StatusChange;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.testing.GeneratedCases;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of agent and ticket events over two pools, as the router and the agent status processor send
 * them (statuses before their ticket, repeated events, agents changing queues and capacity, moving between pools),
 * with drains of the held arrivals in between; with offers on, agents accept and decline offers, and offers expire; with wrap-up on, closed tickets keep their
 * slots until their wrap-up ends or the agent is ready; agents ask to go offline after their tickets. The engine applies them to plain maps, and to the task's real stores
 * with their held-back writes; after every event {@link PoolInvariants} must hold in both pools.
 */
class AssignmentEngineProperties {

    private static final int CASES = 400;
    private static final String OTHER_POOL = "other";
    private static final Map<String, List<String>> POOL_QUEUES = Map.of(OTHER_POOL, List.of("x"));
    private static final Pools POOLS = new Pools(POOL_QUEUES);
    private static final List<String> POOL_NAMES = List.of(Pools.DEFAULT_POOL, OTHER_POOL);
    private static final List<String> QUEUES = List.of("a", "b", "c", "x");
    /** Agent i serves the i-th set unless it changes its profile; x is the other pool's queue, c + x the default's. */
    private static final List<List<String>> QUEUE_SETS = List.of(List.of(), List.of("a"), List.of("a", "b"),
            List.of("c"), List.of("x"), List.of("c", "x"));
    private static final int AGENTS = 5;
    private static final int TICKETS = 12;

    /** Small, so that runs leave held tickets for later drains: a drain decides the most urgent ones only. */
    private static final int DRAIN_LIMIT = 2;

    /** One step of a run: an input event, or a drain of every pool's held arrivals (the processor's punctuation). */
    sealed interface Step permits Event, Drain, Expiry, Restart {
    }

    record Event(Input input) implements Step {
        @Override
        public String toString() {
            return input.toString();
        }
    }

    record Drain() implements Step {
    }

    /** The offers' punctuation: every pool's offers whose time is up expire. */
    record Expiry() implements Step {
    }

    /** The task starts again, and builds its indexes and counts from its records. */
    record Restart() implements Step {
    }

    /**
     * The rules and the steps of one case.
     *
     * @param holdArrivals new tickets are held until a drain step (bursts), or decided at once
     * @param aging waiting 2 ms counts as one priority level (tickets are created up to 4 ms apart), or no aging
     * @param offers tickets are offered for 3 ms (steps are 1 ms apart), an agent missing 1 or 2 is away; or assigned
     */
    record Run(boolean requeueOnOffline, boolean holdArrivals, boolean aging, boolean offers, boolean wrapUp,
            boolean routes, AgentOrder agentOrder, List<Step> steps) {

        Run withSteps(final List<Step> fewer) {
            return new Run(requeueOnOffline, holdArrivals, aging, offers, wrapUp, routes, agentOrder, fewer);
        }

        /**
         * With routes: queue a's tickets go to its agents at level 3 and up, then (2 ms on) at any level with b's
         * agents too; a preferred agent is waited for 3 ms. Without: today's routing, with the agent order.
         */
        RoutingProperties routing() {
            return !routes ? new RoutingProperties(agentOrder, null, null)
                    : new RoutingProperties(agentOrder, Duration.ofMillis(3), Map.of("a", new QueueRouting(List.of(
                            new RoutingProperties.Step(null, 3, null),
                            new RoutingProperties.Step(Duration.ofMillis(2), 1, List.of("b"))), null)));
        }

        OfferProperties offerRules() {
            return offers ? new OfferProperties(Duration.ofMillis(3), Map.of(), holdArrivals ? 2 : 1)
                    : OfferProperties.off();
        }

        AssignmentProperties rules() {
            return new AssignmentProperties(null, requeueOnOffline ? OfflinePolicy.REQUEUE : OfflinePolicy.KEEP,
                    POOL_QUEUES)
                    .withArrivalWindow(holdArrivals ? Duration.ofMillis(50) : Duration.ZERO)
                    .withAgingStep(aging ? Duration.ofMillis(2) : Duration.ZERO)
                    .withWrapUp(wrapUp ? Duration.ofMillis(2) : Duration.ZERO);
        }
    }

    @Test
    void invariantsHoldAfterEveryEventInPlainMaps() {
        check(EngineStates.InMemory::new);
    }

    @Test
    void invariantsHoldAfterEveryEventInTheTaskStores() throws IOException {
        try (EngineStates.TaskStores stores = new EngineStates.TaskStores()) {
            check(stores::newRun);
        }
    }

    /** @param states a state of its own for each run */
    private static void check(final Supplier<EngineStates> states) {
        GeneratedCases.check(CASES, AssignmentEngineProperties::run,
                run -> GeneratedCases.shorter(run.steps()).map(run::withSteps),
                run -> invariantsHoldAfterEveryEvent(run, states.get()));
    }

    private static void invariantsHoldAfterEveryEvent(final Run run, final EngineStates states) {
        final Rules rules = new Rules(run.rules(), run.routing());
        final OfferProperties offers = run.offerRules();
        final RoutedEvents routing = new RoutedEvents(POOLS);
        final PoolInvariants invariants = new PoolInvariants(rules.assignment(), run.routing(), routing, states, POOL_NAMES);
        states.engines((pool, state) -> new AssignmentEngine(rules.assignment(), offers, rules.routing(), pool, state,
                Instant.EPOCH));
        long time = 1;
        for (final Step step : run.steps()) {
            time++;
            final Instant now = Instant.ofEpochMilli(time);
            if (step instanceof Event event) {
                apply(rules, offers, states, routing, invariants, now, new ArrayDeque<>(routing.route(event.input(), now)));
            } else if (step instanceof Expiry) {
                fireTimers(rules, offers, states, routing, invariants, now);
            } else if (step instanceof Restart) {
                states.restart();
            } else {
                drainAll(rules, offers, states, invariants, now, DRAIN_LIMIT);
            }
        }
        for (int drain = 0; drain < run.steps().size(); drain++) {
            drainAll(rules, offers, states, invariants, Instant.ofEpochMilli(time + 1), DRAIN_LIMIT);
        }
        // long after: every route has widened as far as it goes, every timer has run; no ticket its last step
        // reaches waits while an agent could take it (the invariant, checked after each of these)
        final Instant later = Instant.ofEpochMilli(time + 60_000);
        for (int round = 0; round < TICKETS * 2; round++) {
            fireTimers(rules, offers, states, routing, invariants, later);
            drainAll(rules, offers, states, invariants, later, TICKETS);
        }
        POOL_NAMES.forEach(pool -> assertThat(states.read(pool).arrivals()).as("a drain decides every held ticket")
                .isEmpty());
    }

    /**
     * The timers' punctuation: every pool's due timers run (offers expire, wrap-ups end, routes widen), then what the
     * pools send back on is applied.
     */
    private static void fireTimers(final Rules rules, final OfferProperties offers, final EngineStates states,
            final RoutedEvents routing, final PoolInvariants invariants, final Instant now) {
        final Deque<Routed> pending = new ArrayDeque<>();
        POOL_NAMES.forEach(pool -> invariants.after(pool, decide(rules, offers, states, pool, now, engine -> {
            final List<TicketAssignment> decisions = engine.fireTimers(DRAIN_LIMIT);
            engine.statusChanges().forEach(status -> pending.addAll(routing.fromPool(status)));
            engine.releases().forEach(release -> pending.addAll(routing.fromPool(release)));
            return decisions;
        })));
        apply(rules, offers, states, routing, invariants, now, pending);
    }

    /** Applies the routed events, and what the pools send back on, in order. */
    private static void apply(final Rules rules, final OfferProperties offers,
            final EngineStates states, final RoutedEvents routing, final PoolInvariants invariants, final Instant now,
            final Deque<Routed> pending) {
        while (!pending.isEmpty()) {
            final Routed routed = pending.removeFirst();
            invariants.after(routed.pool(), decide(rules, offers, states, routed.pool(), now, engine -> {
                final List<TicketAssignment> decisions = engine.apply(routed.event());
                engine.releases().forEach(release -> pending.addAll(routing.fromPool(release)));
                engine.statusChanges().forEach(status -> pending.addAll(routing.fromPool(status)));
                assertThat(engine.handovers()).as("handed over with the pools unchanged").isEmpty();
                return decisions;
            }));
        }
    }

    /** Drains every pool once, as one punctuation does: at most {@code limit} held tickets each. */
    private static void drainAll(final Rules rules, final OfferProperties offers,
            final EngineStates states, final PoolInvariants invariants, final Instant now, final int limit) {
        POOL_NAMES.forEach(pool -> invariants.after(pool, decide(rules, offers, states, pool, now,
                engine -> engine.drain(limit))));
    }

    /** One event of the pool, as the processor runs it: a state of its own, saved once the engine returns. */
    private static List<TicketAssignment> decide(final Rules rules, final OfferProperties offers,
            final EngineStates states, final String pool, final Instant now,
            final Function<AssignmentEngine, List<TicketAssignment>> action) {
        final PoolState state = states.open(pool);
        final List<TicketAssignment> decisions = action.apply(new AssignmentEngine(rules.assignment(), offers,
                rules.routing(), pool, state, now));
        states.save(state);
        return decisions;
    }

    /** The rules of a run, as the engine takes them. */
    record Rules(AssignmentProperties assignment, RoutingProperties routing) {
    }

    /** Random rules and 1 to 60 steps. */
    private static Run run(final SplittableRandom random) {
        final boolean routes = random.nextBoolean();
        final List<Step> steps = Stream.generate(() -> step(random, routes)).limit(random.nextInt(1, 61)).toList();
        return new Run(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), random.nextBoolean(),
                random.nextBoolean(), routes, AgentOrder.values()[random.nextInt(AgentOrder.values().length)], steps);
    }

    /** Agents' ids are UUIDs, so that tickets may name them as preferred agents. */
    private static String agentId(final int agent) {
        return "00000000-0000-4000-8000-00000000000" + agent;
    }

    /** With routes, agents have levels in a and b (by their number), and two of them a capacity per channel. */
    private static AgentChange agentChange(final int agent, final AgentStatus status, final List<String> queues,
            final int capacity, final AgentStatus next, final boolean routes) {
        if (!routes) {
            return new AgentChange(agentId(agent), status, queues, capacity, next);
        }
        final Map<String, Integer> channels = agent % 2 == 1 ? Map.of("chat", 1, "email", Math.max(0, capacity - 1))
                : Map.of();
        return new AgentChange(agentId(agent), status, queues, channels.isEmpty() ? capacity
                : channels.values().stream().mapToInt(Integer::intValue).sum(), next,
                Map.of("a", agent % 5 + 1, "b", (agent + 2) % 5 + 1), channels);
    }

    /**
     * An agent online or offline with its own profile, or with another one (queues, capacity, maybe another pool);
     * a ticket created (a fifth of the steps); a status; a drain; a restart of the task. Ids are few, so that events meet: repeated
     * creations, statuses before the creation or after the closing of their ticket.
     */
    private static Step step(final SplittableRandom random, final boolean routes) {
        final int agent = random.nextInt(AGENTS);
        final int ticket = random.nextInt(TICKETS);
        return switch (random.nextInt(15)) {
            case 14 -> new Restart();
            case 12 -> new Event(agentChange(agent, AgentStatus.ONLINE, QUEUE_SETS.get(agent), agent % 3 + 1,
                    AgentStatus.OFFLINE, routes));
            case 13 -> new Event(new Ready(agentId(agent)));
            case 0, 1 -> new Event(agentChange(agent, random.nextBoolean() ? AgentStatus.ONLINE
                    : AgentStatus.OFFLINE, QUEUE_SETS.get(agent), agent % 3 + 1, null, routes));
            case 2 -> new Event(agentChange(agent, random.nextBoolean() ? AgentStatus.ONLINE
                    : AgentStatus.OFFLINE, QUEUE_SETS.get(random.nextInt(QUEUE_SETS.size())), random.nextInt(4), null,
                    routes));
            case 3, 4, 5 -> new Event(new Creation("ticket-" + ticket, QUEUES.get(random.nextInt(QUEUES.size())),
                    random.nextInt(1, 4), ticket % 5,
                    routes ? List.of("chat", "email", "Email").get(random.nextInt(3)) : null,
                    routes && random.nextInt(3) == 0 ? agentId(random.nextInt(AGENTS)) : null));
            case 6 -> new Event(new StatusChange("ticket-" + ticket, TicketStatus.CLOSED));
            case 7 -> new Event(new StatusChange("ticket-" + ticket, random.nextBoolean() ? TicketStatus.ESCALATED
                    : TicketStatus.ASSIGNED));
            case 8, 9 -> new Event(new Reply(agentId(agent), "ticket-" + ticket, random.nextBoolean()));
            case 10 -> new Expiry();
            default -> new Drain();
        };
    }
}
