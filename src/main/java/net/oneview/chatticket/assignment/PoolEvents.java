package net.oneview.chatticket.assignment;

import java.util.List;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.AgentReady;
import net.oneview.chatticket.state.OfferReply;
import net.oneview.chatticket.state.PoolEvent;

/**
 * The events of a pool's task, by what they say: what the router and the agents' tasks send to a pool, and what a
 * pool sends back to them ({@link PoolEvent#getFromPool()} set).
 */
public final class PoolEvents {

    private PoolEvents() {
    }

    /** @param earlier the status that came before the ticket, or null */
    public static PoolEvent created(final TicketCreated ticket, final TicketStatusChanged earlier) {
        return event(ticket, earlier, null, false);
    }

    public static PoolEvent statusChanged(final TicketStatusChanged change) {
        return event(null, change, null, false);
    }

    /** The agent's status for its pool, version 0: see {@link #agent(AgentStatusChanged, List, long)}. */
    public static PoolEvent agent(final AgentStatusChanged change, final List<String> ticketsElsewhere) {
        return agent(change, ticketsElsewhere, 0);
    }

    /**
     * The agent's status for its pool, with the tickets it still holds in pools it left (they take capacity).
     *
     * @param version the status's version in the agent's task, which the pool returns with a status it sets
     */
    public static PoolEvent agent(final AgentStatusChanged change, final List<String> ticketsElsewhere,
            final long version) {
        final PoolEvent event = event(null, null, change, false);
        event.setTicketsElsewhere(ticketsElsewhere);
        event.setStatusVersion(version);
        return event;
    }

    /**
     * From the agent's task, for agent-status: a status a pool set, as published (the topology routes it there, not to
     * a pool).
     */
    public static PoolEvent statusPublished(final AgentStatusChanged status) {
        final PoolEvent event = event(null, null, status, false);
        event.setStatusFromPool(true);
        return event;
    }

    /** An agent ready for new tickets (its wrap-ups end), for its pool. */
    public static PoolEvent ready(final AgentReady ready) {
        final PoolEvent event = event(null, null, null, false);
        event.setAgentReady(ready);
        return event;
    }

    /**
     * From the agent's pool, to the agent's task: the pool set the agent's status (AWAY, or OFFLINE after its last
     * ticket), on the status of {@code version}.
     */
    static PoolEvent statusSet(final AgentStatusChanged status, final String pool, final long version) {
        final PoolEvent event = event(null, null, status, false);
        event.setFromPool(pool);
        event.setStatusFromPool(true);
        event.setStatusVersion(version);
        return event;
    }

    /** An agent's answer to an offer, for the ticket's pool. */
    public static PoolEvent offerReply(final OfferReply reply) {
        final PoolEvent event = event(null, null, null, false);
        event.setOfferReply(reply);
        return event;
    }

    /** For the pool the agent left: it leaves that pool, where it keeps its tickets. */
    public static PoolEvent leave(final AgentStatusChanged change) {
        return event(null, null, change, true);
    }

    /** From the pool the agent left, to the agent's task: it released the agent and keeps these tickets of it. */
    static PoolEvent released(final AgentStatusChanged agent, final String pool, final List<String> kept) {
        final PoolEvent event = event(null, null, agent, true);
        event.setFromPool(pool);
        event.setKeptTickets(kept);
        return event;
    }

    /** From a pool the agent left earlier, to the agent's task: the tickets it keeps of the agent are these now. */
    static PoolEvent keptChanged(final AgentStatusChanged agent, final String pool, final List<String> kept) {
        final PoolEvent event = released(agent, pool, kept);
        event.setLeavesPool(false);
        return event;
    }

    /** To the router: a waiting ticket of a queue the pool does not decide, for the queue's pool. */
    static PoolEvent handedOver(final TicketCreated ticket, final TicketStatusChanged status, final String from,
            final String to) {
        final PoolEvent event = event(ticket, status, null, false);
        event.setFromPool(from);
        event.setToPool(to);
        return event;
    }

    /** To the router: a status that reached the pool after its ticket left, for the pool it went to. */
    static PoolEvent statusAfterMove(final TicketStatusChanged change, final String from) {
        final PoolEvent event = event(null, change, null, false);
        event.setFromPool(from);
        return event;
    }

    private static PoolEvent event(final TicketCreated ticket, final TicketStatusChanged status,
            final AgentStatusChanged agent, final boolean leavesPool) {
        return PoolEvent.newBuilder().setTicketCreated(ticket).setTicketStatus(status).setAgentStatus(agent)
                .setLeavesPool(leavesPool).build();
    }
}
