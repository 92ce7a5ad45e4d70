package net.oneview.chatticket.assignment;

import java.util.ArrayList;
import java.util.List;
import net.oneview.chatticket.state.AssignedTicket;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The tickets an agent holds in a pool, read from the pool's own records: its agent record lists the ids of the
 * tickets it holds (offered ones among them), and each ticket's record has its status and when it was assigned. So
 * the agents' lists need no copy of their own: what {@code GET /v1/{agentID}/tickets} shows is what the pool decides
 * with.
 */
public final class HeldTickets {

    /**
     * @param tickets the agent's tickets in the pool, in no particular order
     * @param version the version of that list ({@code listVersion} of the agent's record)
     */
    public record InPool(List<AssignedTicket> tickets, long version) {
    }

    private HeldTickets() {
    }

    /** @return the agent's tickets in the pool; null when the pool never had the agent */
    public static InPool read(final ReadOnlyKeyValueStore<String, PoolAgent> agents,
            final ReadOnlyKeyValueStore<String, PoolTicket> tickets, final String pool, final String agentId) {
        final PoolAgent agent = agents.get(pool + Ranks.SEP + agentId);
        if (agent == null) {
            return null;
        }
        final List<AssignedTicket> held = new ArrayList<>();
        for (final String ticketId : agent.getTickets()) {
            final PoolTicket ticket = tickets.get(pool + Ranks.SEP + ticketId);
            if (ticket != null && agentId.equals(ticket.getAgentId()) && ticket.getOfferedAt() == null) {
                // held since before assignedAt was kept: its creation is the nearest time known
                held.add(new AssignedTicket(ticket.getTicket(), ticket.getStatus(), ticket.getStatusReason(),
                        ticket.getAssignedAt() != null ? ticket.getAssignedAt() : ticket.getTicket().getCreatedAt()));
            }
        }
        return new InPool(held, agent.getListVersion());
    }
}
