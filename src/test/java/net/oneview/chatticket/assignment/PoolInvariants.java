package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.oneview.chatticket.assignment.EngineStates.Snapshot;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;

/**
 * What must hold in every pool after every event: the pool holds exactly its open tickets, with their latest
 * statuses; no ticket held twice; no agent given a ticket beyond its capacity; the indexes say what the records
 * say; no eligible agent idle while a ticket waits, once the arrivals are drained; the most urgent tickets go
 * first; a ticket is offered to one agent at most, never to one that passed it, and a pending offer takes a slot;
 * and an agent is online in one pool at most, where the tickets it still holds in pools it left count against
 * its capacity.
 */
final class PoolInvariants {

    private final AssignmentProperties rules;
    private final Routes routes;
    private final RoutedEvents routing;
    private final EngineStates states;
    private final List<String> pools;
    /** Each pool as the previous check found it. */
    private final Map<String, Snapshot> before = new HashMap<>();

    PoolInvariants(final AssignmentProperties rules, final RoutedEvents routing, final EngineStates states,
            final List<String> pools) {
        this(rules, RoutingProperties.defaults(), routing, states, pools);
    }

    PoolInvariants(final AssignmentProperties rules, final RoutingProperties routes, final RoutedEvents routing,
            final EngineStates states, final List<String> pools) {
        this.rules = rules;
        this.routes = new Routes(routes);
        this.routing = routing;
        this.states = states;
        this.pools = pools;
    }

    /** Checks every pool after an event of one of them, which made the decisions. */
    void after(final String decided, final List<TicketAssignment> decisions) {
        final Map<String, Snapshot> now = new TreeMap<>();
        pools.forEach(pool -> now.put(pool, states.read(pool)));
        now.forEach((pool, state) -> {
            final Ranks ranks = new Ranks(rules, routes.properties(), pool);
            final List<TicketAssignment> made = pool.equals(decided) ? decisions : List.of();
            holdsItsOpenTickets(pool, state);
            agentsHoldTheirTickets(state);
            capacityRespected(state, before.get(pool), made);
            indexesAgreeWithRecords(state, ranks);
            offersAgreeWithRecords(state, made);
            offersOnlyToAgentsThatReceive(state);
            noAgentIdleWhileATicketWaits(state, routes);
            mostUrgentFirst(state, ranks, routes, made);
        });
        agentsInOnePoolAtMost(now);
        before.putAll(now);
    }

    private void holdsItsOpenTickets(final String pool, final Snapshot state) {
        final Map<String, TicketStatus> statuses = state.tickets().values().stream()
                .collect(Collectors.toMap(ticket -> ticket.getTicket().getId(), PoolTicket::getStatus));
        assertThat(statuses).as("the open tickets of pool %s, with their latest statuses", pool)
                .isEqualTo(routing.openTickets(pool));
    }

    private static void agentsHoldTheirTickets(final Snapshot state) {
        final Map<String, String> holder = new HashMap<>();
        for (final PoolAgent agent : state.agents().values()) {
            for (final String ticket : agent.getTickets()) {
                assertThat(holder.put(ticket, agent.getAgentId())).as("ticket %s held twice", ticket).isNull();
                assertThat(state.tickets().get(ticket).getAgentId()).as("holder of %s", ticket)
                        .isEqualTo(agent.getAgentId());
            }
        }
        state.tickets().values().stream().filter(ticket -> ticket.getAgentId() != null).forEach(ticket ->
                assertThat(holder.get(ticket.getTicket().getId())).as("agent of %s holds it", ticket.getTicket().getId())
                        .isEqualTo(ticket.getAgentId()));
    }

    /**
     * An agent whose capacity was lowered keeps its tickets, so it may be above capacity, but it gains none. The
     * tickets it holds in pools it left count too.
     */
    private static void capacityRespected(final Snapshot state, final Snapshot before,
            final List<TicketAssignment> decisions) {
        for (final PoolAgent agent : state.agents().values()) {
            if (held(agent) > agent.getCapacity()) {
                final PoolAgent earlier = before == null ? null : before.agents().get(agent.getAgentId());
                assertThat(agent.getTickets().size()).as("agent %s above capacity %s", agent.getAgentId(),
                        agent.getCapacity()).isLessThanOrEqualTo(earlier == null ? 0 : earlier.getTickets().size());
            }
        }
        decisions.stream().filter(PoolInvariants::takesASlot).forEach(decision -> {
            final PoolAgent agent = state.agents().get(decision.getAgentId());
            assertThat(held(agent)).as("%s given to agent %s beyond its capacity",
                    decision.getTicketId(), agent.getAgentId()).isLessThanOrEqualTo(agent.getCapacity());
            final String channel = Routes.channel(decision.getTicket());
            if (!agent.getChannels().isEmpty()) {
                final long ofChannel = agent.getTickets().stream()
                        .filter(id -> channel.equals(agent.getTicketChannels().getOrDefault(id, "chat"))).count()
                        + agent.getWrapUps().stream().filter(wrap -> channel.equals(wrap.getChannel() == null ? "chat"
                        : wrap.getChannel())).count()
                        + agent.getTicketsElsewhere().size();  // of any channel: counted against each
                assertThat(ofChannel).as("%s given to agent %s beyond its %s capacity", decision.getTicketId(),
                        agent.getAgentId(), channel).isLessThanOrEqualTo(agent.getChannels().getOrDefault(channel, 0));
            }
        });
        for (final PoolAgent agent : state.agents().values()) {
            agent.getTickets().forEach(id -> assertThat(agent.getTicketChannels().get(id)).as("channel of %s", id)
                    .isEqualTo(Routes.channel(state.tickets().get(id).getTicket())));
        }
    }

    /** An assignment, or an offer (which takes the slot until it is answered); not an accepted offer: it had one. */
    private static boolean takesASlot(final TicketAssignment decision) {
        return decision.getOffer() == OfferStep.OFFERED
                || decision.getDecision() == Decision.ASSIGNED && decision.getOffer() == null;
    }

    /**
     * Each pending offer is in the offers index once, by its expiry, and in its agent's tickets (so no ticket is
     * offered to two agents at once, and the offer counts against the agent's capacity); an offer never goes to an
     * agent that passed the ticket; the agents' passed tickets are the tickets' passers.
     */
    private static void offersAgreeWithRecords(final Snapshot state, final List<TicketAssignment> decisions) {
        final Map<String, String> timers = new TreeMap<>();
        final Map<String, List<String>> passed = new TreeMap<>();
        for (final PoolTicket ticket : state.tickets().values()) {
            final String id = ticket.getTicket().getId();
            if (ticket.getOfferedAt() != null) {
                assertThat(ticket.getAgentId()).as("agent offered %s", id).isNotNull();
                assertThat(state.agents().get(ticket.getAgentId()).getTickets()).as("slot of the offer of %s", id)
                        .contains(id);
                timers.put(Ranks.timerKey(ticket.getOfferExpiresAt(), Ranks.OFFER_TIMER, id), id);
            }
            if (ticket.getRouteTimer() != null) {
                assertThat(ticket.getAgentId() == null && !ticket.getHeld()).as("route timer of %s, waiting", id)
                        .isTrue();
                timers.put(ticket.getRouteTimer(), id);
            }
            ticket.getPassedBy().forEach(agent -> passed.computeIfAbsent(agent, a -> new ArrayList<>()).add(id));
        }
        state.agents().values().forEach(agent -> agent.getWrapUps().forEach(wrap -> timers.put(Ranks.timerKey(
                wrap.getUntil(), Ranks.WRAP_UP_TIMER, Ranks.wrapUpId(agent.getAgentId(), wrap.getTicketId())),
                agent.getAgentId())));
        assertThat(state.timers()).as("pool-timers").isEqualTo(timers);
        state.agents().values().forEach(agent -> assertThat(agent.getPassed()).as("tickets %s passed",
                agent.getAgentId()).containsExactlyInAnyOrderElementsOf(passed.getOrDefault(agent.getAgentId(),
                List.of())));
        decisions.stream().filter(decision -> decision.getOffer() == OfferStep.OFFERED).forEach(decision ->
                assertThat(state.tickets().get(decision.getTicketId()).getPassedBy())
                        .as("%s offered to %s, who passed it", decision.getTicketId(), decision.getAgentId())
                        .doesNotContain(decision.getAgentId()));
    }

    private static int held(final PoolAgent agent) {
        return agent.getTickets().size() + agent.getTicketsElsewhere().size() + agent.getWrapUps().size();
    }

    /**
     * Waiting tickets are in the backlog (held ones in the arrivals) under every queue and the scopes of their route,
     * by their rank under the rules, as they record; an agent is among the available ones under each queue it serves,
     * at its level, for each channel it has a free slot for, iff it receives tickets, by its free slots and idle time;
     * the online counts are the agents' own.
     */
    private void indexesAgreeWithRecords(final Snapshot state, final Ranks ranks) {
        final Map<String, String> waiting = new TreeMap<>();
        final Map<String, String> arrivals = new TreeMap<>();
        final Map<String, Integer> preferredCounts = new HashMap<>();
        for (final PoolTicket ticket : state.tickets().values()) {
            final String id = ticket.getTicket().getId();
            if (ticket.getAgentId() != null) {
                assertThat(ticket.getHeld() || ticket.getWaitingRank() != null || ticket.getIndexKeys() != null)
                        .as("assigned %s still ranked", id).isFalse();
                continue;
            }
            final String rank = Ranks.rank(ranks.waitingKey(Ranks.ANY_QUEUE, ticket.getTicket()));
            assertThat(ticket.getWaitingRank()).as("rank of waiting %s", id).isEqualTo(rank);
            final List<String> keys = new ArrayList<>(List.of(Ranks.prefix(Ranks.ANY_QUEUE) + rank));
            routes.ticketScopes(routes.recorded(ticket)).forEach(scope -> keys.add(Ranks.prefix(scope) + rank));
            assertThat(ticket.getIndexKeys()).as("index keys of %s", id).isEqualTo(keys);
            final Map<String, String> index = ticket.getHeld() ? arrivals : waiting;
            keys.forEach(key -> index.put(key, id));
            if (routes.recorded(ticket).preferred()) {
                preferredCounts.merge(Ranks.preferredScope(ticket.getTicket().getPreferredAgentId()), 1, Integer::sum);
            }
        }
        final Map<String, String> available = new TreeMap<>();
        final Map<String, Integer> online = new HashMap<>(preferredCounts);
        state.agents().values().stream().filter(PoolAgent::getOnline).forEach(agent -> {
            for (final String queue : servedQueues(agent)) {
                online.merge(queue, 1, Integer::sum);
                if (freeCapacity(agent) > 0 && receives(agent)) {
                    Routes.freeSlots(agent).forEach((channel, free) -> {
                        if (free > 0) {
                            available.put(ranks.availableKey(Ranks.scope(queue, channel,
                                    Routes.level(agent, queue)), agent, free), agent.getAgentId());
                        }
                    });
                }
            }
        });
        assertThat(state.waiting()).as("pool-waiting").isEqualTo(waiting);
        assertThat(state.arrivals()).as("pool-arrivals").isEqualTo(arrivals);
        assertThat(state.available()).as("pool-available-agents").isEqualTo(available);
        assertThat(state.onlineAgents()).as("pool-online-agents").isEqualTo(online);
    }

    /** The engine's invariant; between drains, held arrivals may wait while an agent is free: that is holding them. */
    private static void noAgentIdleWhileATicketWaits(final Snapshot state, final Routes routes) {
        if (!state.arrivals().isEmpty()) {
            return;
        }
        state.tickets().values().stream().filter(ticket -> ticket.getAgentId() == null).forEach(ticket -> {
            for (final PoolAgent agent : state.agents().values()) {
                final boolean eligible = receives(agent)
                        && Routes.takes(routes.recorded(ticket), agent)
                        && Routes.freeSlots(agent, Routes.channel(ticket.getTicket())) > 0
                        && !ticket.getPassedBy().contains(agent.getAgentId());
                assertThat(eligible).as("agent %s idle while %s waits", agent.getAgentId(), ticket.getTicket().getId())
                        .isFalse();
            }
        });
    }

    /**
     * A ticket assigned (or offered) in this event is more urgent than every ticket still waiting that its agent serves
     * and did not pass.
     */
    private static void mostUrgentFirst(final Snapshot state, final Ranks ranks, final Routes routes,
            final List<TicketAssignment> decisions) {
        for (final TicketAssignment decision : decisions) {
            if (!takesASlot(decision)) {
                continue;
            }
            final PoolAgent agent = state.agents().get(decision.getAgentId());
            final String rank = Ranks.rank(ranks.waitingKey(Ranks.ANY_QUEUE, decision.getTicket()));
            state.tickets().values().stream()
                    .filter(ticket -> ticket.getAgentId() == null && Routes.takes(routes.recorded(ticket), agent)
                            && hadSlotFor(agent, ticket, decision)
                            && !ticket.getPassedBy().contains(agent.getAgentId()))
                    .forEach(ticket -> assertThat(ticket.getWaitingRank())
                            .as("%s assigned before the more urgent %s", decision.getTicketId(), ticket.getTicket().getId())
                            .isGreaterThan(rank));
        }
    }

    /**
     * Its capacity is counted in one place: online in one pool at most, which counts the tickets the agent holds in
     * pools it left (it may count some that were closed meanwhile, until it hears of it, never fewer).
     */
    private static void agentsInOnePoolAtMost(final Map<String, Snapshot> pools) {
        final Map<String, String> onlineIn = new HashMap<>();
        pools.forEach((pool, state) -> state.agents().values().forEach(agent -> {
            if (agent.getOnline()) {
                assertThat(onlineIn.put(agent.getAgentId(), pool)).as("agent %s online in two pools", agent.getAgentId())
                        .isNull();
            }
        }));
        onlineIn.forEach((agentId, pool) -> {
            final PoolAgent agent = pools.get(pool).agents().get(agentId);
            pools.forEach((other, state) -> {
                final PoolAgent there = state.agents().get(agentId);
                if (!other.equals(pool) && there != null) {
                    assertThat(agent.getTicketsElsewhere()).as("tickets agent %s holds in pool %s, counted in %s",
                            agentId, other, pool).containsAll(there.getTickets());
                }
            });
        });
    }

    /** Online, not away, not finishing its tickets before going offline. */
    private static boolean receives(final PoolAgent agent) {
        return agent.getOnline() && !agent.getAway() && !agent.getFinishing();
    }

    /**
     * A pending offer is to an agent that receives tickets (or that left the pool, which keeps its offers); an agent
     * finishing its tickets before going offline holds one at least (its last one closed, it went offline).
     */
    private static void offersOnlyToAgentsThatReceive(final Snapshot state) {
        state.tickets().values().stream().filter(ticket -> ticket.getOfferedAt() != null).forEach(ticket -> {
            final PoolAgent agent = state.agents().get(ticket.getAgentId());
            assertThat(receives(agent) || agent.getLeft()).as("%s offered to %s, which gets nothing new",
                    ticket.getTicket().getId(), agent.getAgentId()).isTrue();
        });
        state.agents().values().stream().filter(agent -> agent.getOnline() && agent.getFinishing()).forEach(agent ->
                assertThat(agent.getTickets()).as("agent %s finishing with no ticket left", agent.getAgentId())
                        .isNotEmpty());
        state.agents().values().stream().filter(agent -> !agent.getOnline()).forEach(agent ->
                assertThat(agent.getWrapUps()).as("wrap-ups of offline agent %s", agent.getAgentId()).isEmpty());
    }

    /** Whether the agent had a slot for the waiting ticket's channel before it was given the decision's ticket. */
    private static boolean hadSlotFor(final PoolAgent agent, final PoolTicket waiting, final TicketAssignment decision) {
        final String channel = Routes.channel(waiting.getTicket());
        return Routes.freeSlots(agent, channel) + (channel.equals(Routes.channel(decision.getTicket()))
                || agent.getChannels().isEmpty() ? 1 : 0) > 0;
    }

    private static List<String> servedQueues(final PoolAgent agent) {
        return agent.getQueues().isEmpty() ? List.of(Ranks.ANY_QUEUE) : agent.getQueues();
    }

    private static int freeCapacity(final PoolAgent agent) {
        return agent.getCapacity() - held(agent);
    }
}
