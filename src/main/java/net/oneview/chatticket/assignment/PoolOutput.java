package net.oneview.chatticket.assignment;

import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.PoolEvent;

/**
 * What a pool's task sends on: a decision (key = ticket id); the release of an agent that left the pool, or the
 * tickets it keeps of an agent that left (key = agent id), for the agent's task; or a ticket handed over to another
 * pool, or a status for a ticket that left (key = ticket id), for the router. Never serialized: the topology splits it.
 */
public record PoolOutput(TicketAssignment decision, PoolEvent release, PoolEvent handover) {

    static PoolOutput decision(final TicketAssignment decision) {
        return new PoolOutput(decision, null, null);
    }

    static PoolOutput release(final PoolEvent release) {
        return new PoolOutput(null, release, null);
    }

    static PoolOutput handover(final PoolEvent handover) {
        return new PoolOutput(null, null, handover);
    }

    /** The id of the ticket a handover is about: its key for the router. */
    static String ticketId(final PoolEvent handover) {
        return handover.getTicketCreated() != null ? handover.getTicketCreated().getId()
                : handover.getTicketStatus().getTicketId();
    }
}
