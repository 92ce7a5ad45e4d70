package net.oneview.chatticket.assignment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a dead letter sent back to a pool ({@code make replay-dead-letters}) from undoing what happened since it was
 * written. Such a letter enters past the router and the agent's task, whose checks it thus misses: a ticket created
 * again after it was closed would hold a slot for good (the router drops every later event of a closed ticket), and
 * an agent's old status would undo a newer one. So the pool remembers, per agent, the time of the latest status it
 * applied, and the tickets closed before the pool ever held them (the only ones whose creation can still come back:
 * a creation the pool applied is not a dead letter). Both are small: an entry per agent, and one per ticket closed
 * before this pool held it (its creation dead-lettered or rejected, or a close the router sent to every pool as its
 * ticket had no decision yet). A close is remembered for the closed-ticket retention, as the router remembers closed
 * tickets: each close remembered also looks at the next {@value #LOOKED_AT_PER_CLOSE} entries of a cursor that goes
 * round the store, and drops the expired ones (no timer).
 */
final class ReplayGuard {

    static final int LOOKED_AT_PER_CLOSE = 2;

    private final KeyValueStore<String, Long> statusTimes;
    private final KeyValueStore<String, Long> closedUnheld;
    private final Duration closedRetention;
    private String cursor;

    ReplayGuard(final KeyValueStore<String, Long> statusTimes, final KeyValueStore<String, Long> closedUnheld,
            final Duration closedRetention) {
        this.statusTimes = statusTimes;
        this.closedUnheld = closedUnheld;
        this.closedRetention = closedRetention;
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
            dropExpiredCloses(timestamp - closedRetention.toMillis());
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

    private void dropExpiredCloses(final long before) {
        final List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> entries = closedUnheld.range(cursor, null)) {
            for (int looked = 0; looked < LOOKED_AT_PER_CLOSE && entries.hasNext(); looked++) {
                final KeyValue<String, Long> entry = entries.next();
                if (entry.value < before) {
                    expired.add(entry.key);
                }
            }
            cursor = entries.hasNext() ? entries.peekNextKey() : null;
        }
        expired.forEach(closedUnheld::delete);
    }

    private static String key(final String pool, final String id) {
        return pool + Ranks.SEP + id;
    }
}
