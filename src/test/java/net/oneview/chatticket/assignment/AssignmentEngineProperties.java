package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.oneview.chatticket.assignment.AssignmentProperties.OfflinePolicy;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.state.PoolTicket;
import net.oneview.chatticket.testing.GeneratedCases;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of agent and ticket events; after every event: no ticket held twice, no agent above capacity,
 * no eligible agent idle while a ticket it could take waits, waiting order respected, and every ticket is waiting,
 * held or closed.
 */
class AssignmentEngineProperties {

    private static final List<String> QUEUES = List.of("a", "b", "c");
    private static final int AGENTS = 4;
    private static final int TICKETS = 12;

    /** One input event, before it is given ids and times. */
    record Step(int kind, int agent, int ticket, int queue, int priority, int queueSet) {
    }

    /**
     * The rules and the events of one case.
     *
     * @param holdArrivals new tickets are held until a drain step (bursts), or decided at once
     * @param aging waiting 2 ms counts as one priority level (tickets are created up to 4 ms apart), or no aging
     */
    record Run(boolean requeueOnOffline, boolean holdArrivals, boolean aging, List<Step> steps) {

        Run withSteps(final List<Step> fewer) {
            return new Run(requeueOnOffline, holdArrivals, aging, fewer);
        }
    }

    /** The step kind that drains the held arrivals (what the processor's punctuation does). */
    private static final int DRAIN = 7;

    @Test
    void invariantsHoldAfterEveryEvent() {
        GeneratedCases.check(400, AssignmentEngineProperties::run,
                run -> GeneratedCases.shorter(run.steps()).map(run::withSteps),
                AssignmentEngineProperties::invariantsHoldAfterEveryEvent);
    }

    private static void invariantsHoldAfterEveryEvent(final Run run) {
        final AssignmentProperties rules = new AssignmentProperties(null,
                run.requeueOnOffline() ? OfflinePolicy.REQUEUE : OfflinePolicy.KEEP, null)
                .withArrivalWindow(run.holdArrivals() ? Duration.ofMillis(50) : Duration.ZERO)
                .withAgingStep(run.aging() ? Duration.ofMillis(2) : Duration.ZERO);
        final InMemoryPoolState state = new InMemoryPoolState();
        final Ranks ranks = new Ranks(rules, Pools.DEFAULT_POOL);
        final Set<String> created = new HashSet<>();
        final Set<String> closed = new HashSet<>();
        long time = 1;
        for (final Step step : run.steps()) {
            time++;
            final AssignmentEngine engine = new AssignmentEngine(rules, Pools.DEFAULT_POOL, state,
                    Instant.ofEpochMilli(time));
            final List<TicketAssignment> decisions;
            if (step.kind() == DRAIN) {
                decisions = engine.drain();
            } else {
                final PoolEvent event = event(step, time);
                if (!reachesThePool(event, created)) {
                    continue;
                }
                decisions = engine.apply(event);
                if (engine.heldArrival() && event.getTicketCreated() != null) {
                    created.add(event.getTicketCreated().getId());
                }
            }
            for (final TicketAssignment decision : decisions) {
                if (decision.getDecision() == Decision.QUEUED || decision.getDecision() == Decision.ASSIGNED) {
                    created.add(decision.getTicketId());
                }
                if (decision.getDecision() == Decision.CLOSED) {
                    closed.add(decision.getTicketId());
                }
            }
            checkInvariants(state, ranks, created, closed, decisions);
        }
        final List<TicketAssignment> last = new AssignmentEngine(rules, Pools.DEFAULT_POOL, state,
                Instant.ofEpochMilli(time + 1)).drain();
        checkInvariants(state, ranks, created, closed, last);
        assertThat(state.arrivals.entries).as("a drain decides every held ticket").isEmpty();
    }

    private static void checkInvariants(final InMemoryPoolState state, final Ranks ranks, final Set<String> created,
            final Set<String> closed, final List<TicketAssignment> decisions) {
        final Map<String, String> holder = new HashMap<>();
        for (final PoolAgent agent : state.agents.values()) {
            for (final String ticket : agent.getTickets()) {
                assertThat(holder.put(ticket, agent.getAgentId())).as("ticket %s held twice", ticket).isNull();
                assertThat(state.tickets.get(ticket).getAgentId()).isEqualTo(agent.getAgentId());
            }
            assertThat(agent.getTickets().size()).as("agent %s above capacity", agent.getAgentId())
                    .isLessThanOrEqualTo(agent.getCapacity());
        }
        final List<PoolTicket> waiting = state.tickets.values().stream().filter(t -> t.getAgentId() == null).toList();
        assertThat(new HashSet<>(state.arrivals.entries.values())).as("held tickets are the waiting ones marked held")
                .isEqualTo(new HashSet<>(waiting.stream().filter(PoolTicket::getHeld).map(t -> t.getTicket().getId()).toList()));
        // between drains, held arrivals may wait while an agent is free: that is what holding them means
        for (final PoolTicket ticket : state.arrivals.entries.isEmpty() ? waiting : List.<PoolTicket>of()) {
            for (final PoolAgent agent : state.agents.values()) {
                final boolean eligible = agent.getOnline() && serves(agent, ticket.getTicket().getQueue())
                        && agent.getTickets().size() < agent.getCapacity();
                assertThat(eligible).as("agent %s idle while %s waits", agent.getAgentId(), ticket.getTicket().getId())
                        .isFalse();
            }
        }
        for (final TicketAssignment decision : decisions) {
            if (decision.getDecision() != Decision.ASSIGNED) {
                continue;
            }
            final PoolAgent agent = state.agents.get(decision.getAgentId());
            final String rank = Ranks.rank(ranks.waitingKey(Ranks.ANY_QUEUE, decision.getTicket()));
            waiting.stream().filter(t -> serves(agent, t.getTicket().getQueue()))
                    .forEach(t -> assertThat(Ranks.rank(ranks.waitingKey(Ranks.ANY_QUEUE, t.getTicket())))
                            .as("%s assigned before the more urgent %s", decision.getTicketId(), t.getTicket().getId())
                            .isGreaterThan(rank));
        }
        final Set<String> accounted = new HashSet<>(state.tickets.keySet());
        assertThat(Collections.disjoint(accounted, closed)).as("closed tickets are gone").isTrue();
        accounted.addAll(closed);
        assertThat(accounted).containsExactlyInAnyOrderElementsOf(created);
        assertThat(new HashSet<>(state.waiting.entries.values())).as("the backlog holds the waiting tickets not held")
                .isEqualTo(new HashSet<>(waiting.stream().filter(t -> !t.getHeld()).map(t -> t.getTicket().getId()).toList()));
    }

    /** The ticket router upstream drops repeated creations and holds statuses of tickets not created yet. */
    private static boolean reachesThePool(final PoolEvent event, final Set<String> created) {
        if (event.getTicketCreated() != null) {
            return !created.contains(event.getTicketCreated().getId());
        }
        return event.getTicketStatus() == null || created.contains(event.getTicketStatus().getTicketId());
    }

    private static boolean serves(final PoolAgent agent, final String queue) {
        return agent.getQueues().isEmpty() || agent.getQueues().contains(queue);
    }

    private static PoolEvent event(final Step step, final long time) {
        final String agent = "agent-" + step.agent();
        final String ticket = "ticket-" + step.ticket();
        return switch (step.kind()) {
            case 0, 1 -> new PoolEvent(null, null, AgentStatusChanged.newBuilder().setAgentId(agent)
                    .setStatus(step.kind() == 0 ? AgentStatus.ONLINE : AgentStatus.OFFLINE)
                    .setTime(Instant.ofEpochMilli(time)).setStatusSince(Instant.ofEpochMilli(time))
                    .setQueues(queueSet(step.queueSet())).setCapacity(step.agent() % 3 + 1).build(), false);
            case 2, 3, 4 -> new PoolEvent(TopologyHarness.ticket(ticket, QUEUES.get(step.queue()), step.priority(),
                    step.ticket() % 5), null, null, false);
            default -> new PoolEvent(null, TicketStatusChanged.newBuilder().setTicketId(ticket)
                    .setStatus(step.kind() == 5 ? TicketStatus.CLOSED : TicketStatus.ESCALATED)
                    .setTime(Instant.ofEpochMilli(time)).build(), null, false);
        };
    }

    /** Agents keep their queues: one fixed set per agent, some serving every queue. */
    private static List<String> queueSet(final int set) {
        return switch (set) {
            case 0 -> List.of();
            case 1 -> List.of("a");
            case 2 -> List.of("a", "b");
            default -> List.of("c");
        };
    }

    /** Random rules and 1 to 60 steps, every kind as likely. */
    private static Run run(final SplittableRandom random) {
        final List<Step> steps = Stream.generate(() -> step(random)).limit(random.nextInt(1, 61)).toList();
        return new Run(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), steps);
    }

    private static Step step(final SplittableRandom random) {
        final int agent = random.nextInt(AGENTS);
        return new Step(random.nextInt(DRAIN + 1), agent, random.nextInt(TICKETS), random.nextInt(QUEUES.size()),
                random.nextInt(1, 4), agent % 4);
    }

}
