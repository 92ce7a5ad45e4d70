package net.oneview.chatticket.assignment;

import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolEvent;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a dead letter sent back to a pool ({@code make replay-dead-letters}) from undoing what happened since it was
 * written. Such a letter enters past the router and the agent's task, whose checks it thus misses: a ticket created
 * again after it was closed would hold a slot for good (the router drops every later event of a closed ticket), and
 * an agent's old status would undo a newer one. So the pool remembers, per agent, the time of the latest status it
 * applied, and the tickets closed before the pool ever held them (the only ones whose creation can still come back:
 * a creation the pool applied is not a dead letter). Both are small: an entry per agent, and one per ticket whose
 * creation the pool dead-lettered or rejected before it was closed.
 */
final class ReplayGuard {

    private final KeyValueStore<String, Long> statusTimes;
    private final KeyValueStore<String, Long> closedUnheld;

    ReplayGuard(final KeyValueStore<String, Long> statusTimes, final KeyValueStore<String, Long> closedUnheld) {
        this.statusTimes = statusTimes;
        this.closedUnheld = closedUnheld;
    }

    /** Whether a replayed event is older than what the pool has applied since: it must change nothing. */
    boolean outdated(final String pool, final PoolEvent event) {
        if (event.getTicketCreated() != null) {
            return closedUnheld.get(key(pool, event.getTicketCreated().getId())) != null;
        }
        final AgentStatusChanged status = event.getAgentStatus();
        if (status != null) {
            final Long latest = statusTimes.get(key(pool, status.getAgentId()));
            return latest != null && status.getTime().toEpochMilli() < latest;
        }
        return false;
    }

    /**
     * Remembers what a replay must not undo, once the pool has applied the event.
     *
     * @param heldTicket for a close: whether the pool held the ticket before it (looked up for closes only)
     * @param timestamp the event's record time
     */
    void applied(final String pool, final PoolEvent event, final boolean heldTicket, final long timestamp) {
        final TicketStatusChanged change = event.getTicketStatus();
        if (change != null && event.getTicketCreated() == null && change.getStatus() == TicketStatus.CLOSED
                && !heldTicket) {
            closedUnheld.put(key(pool, change.getTicketId()), timestamp);
        }
        final AgentStatusChanged status = event.getAgentStatus();
        if (status != null) {
            final String agent = key(pool, status.getAgentId());
            final Long latest = statusTimes.get(agent);
            if (latest == null || status.getTime().toEpochMilli() > latest) {
                statusTimes.put(agent, status.getTime().toEpochMilli());
            }
        }
    }

    private static String key(final String pool, final String id) {
        return pool + Ranks.SEP + id;
    }
}
