package net.oneview.chatticket.assignment;

import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.PoolEvent;

/**
 * What a pool's task sends on: a decision (key = ticket id), or the release of an agent that left the pool (key =
 * agent id), for the agent's task to send the agent on to its new pool. Never serialized: the topology splits it.
 */
public record PoolOutput(TicketAssignment decision, PoolEvent release) {

    static PoolOutput decision(final TicketAssignment decision) {
        return new PoolOutput(decision, null);
    }

    static PoolOutput release(final PoolEvent leave) {
        return new PoolOutput(null, leave);
    }
}
