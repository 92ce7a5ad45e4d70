package net.oneview.chatticket.assignment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.oneview.chatticket.decisions.DecisionStore;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.logging.LogContext;
import net.oneview.chatticket.state.KeptDecision;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.state.TicketRoute;
import net.oneview.chatticket.streams.DeadLetterReason;
import net.oneview.chatticket.streams.UnprocessableEventException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends ticket events (key = ticket id) to their pool (key = pool). It remembers where each open ticket went, so
 * that a status change follows its ticket and a repeated creation is dropped, and a status that arrives before its
 * ticket travels with the ticket when it comes. A ticket that has no route but has decisions (the store
 * {@value DecisionStore#NAME} of the same task, by ticket id) was closed: late events for it change nothing for the
 * closed-ticket retention, counted from its latest decision, as long as the decisions are kept. Rejected tickets,
 * tickets closed before their first decision was read back (and all closed tickets, in versions before the decisions
 * told them) and statuses of tickets not created yet are kept in stores whose old entries expire on their own (the
 * closed-ticket retention), so that the state does not grow forever.
 *
 * <p>A pool hands back the waiting tickets of a queue that the configuration moved to another pool: the ticket goes
 * on to that pool, and so do its statuses from then on. A status the old pool got after its ticket left comes back
 * too, and goes once more to where the ticket went.
 */
public final class TicketRouter implements Processor<String, PoolEvent, String, PoolEvent> {

    public static final String ROUTES_STORE = "ticket-routes";
    public static final String CLOSED_STORE = "closed-tickets";
    public static final String EARLY_STORE = "early-statuses";
    private static final Logger log = LoggerFactory.getLogger(TicketRouter.class);

    private final Pools pools;
    private final int maxTicketChars;
    private final DecisionStore decisions;
    private final Duration closedRetention;
    private ProcessorContext<String, PoolEvent> context;
    private KeyValueStore<String, TicketRoute> routes;
    private WindowStore<String, String> closed;
    private WindowStore<String, TicketStatusChanged> early;
    private KeyValueStore<String, byte[]> decided;

    /**
     * @param decisions reads the tickets' decisions
     * @param closedRetention how long a closed ticket's late events change nothing
     */
    public TicketRouter(final Pools pools, final int maxTicketChars, final DecisionStore decisions,
            final Duration closedRetention) {
        this.pools = pools;
        this.maxTicketChars = maxTicketChars;
        this.decisions = decisions;
        this.closedRetention = closedRetention;
    }

    @Override
    public void init(final ProcessorContext<String, PoolEvent> context) {
        this.context = context;
        this.routes = context.getStateStore(ROUTES_STORE);
        this.closed = context.getStateStore(CLOSED_STORE);
        this.early = context.getStateStore(EARLY_STORE);
        this.decided = context.getStateStore(DecisionStore.NAME);
    }

    @Override
    public void process(final Record<String, PoolEvent> record) {
        final TicketRoute route = routes.get(record.key());
        if (isClosed(record, route)) {
            if (record.value().getFromPool() != null && record.value().getTicketCreated() != null) {
                closedWhileMoving(record, record.value());
            }
            try (LogContext.Scope about = LogContext.put(LogContext.TICKET_ID, record.key())) {
                log.debug("event for closed ticket {} ignored", record.key());
            }
            return;
        }
        if (record.value().getFromPool() != null) {
            handedBack(record, record.value(), route);
        } else if (record.value().getTicketCreated() != null) {
            created(record, record.value().getTicketCreated(), route);
        } else if (record.value().getTicketStatus() != null) {
            final String problem = TicketCheck.problem(record.value().getTicketStatus(), maxTicketChars);
            if (problem != null) {
                throw new UnprocessableEventException(DeadLetterReason.BAD_VALUE, problem);
            }
            statusChanged(record, record.value().getTicketStatus(), route);
        }
    }

    private void created(final Record<String, PoolEvent> record, final TicketCreated ticket, final TicketRoute route) {
        if (route != null && route.getPool() != null) {
            try (LogContext.Scope about = LogContext.put(LogContext.TICKET_ID, ticket.getId())) {
                log.debug("ticket {} created again; ignored", ticket.getId());
            }
            return;
        }
        final String pool = pools.ofQueue(ticket.getQueue());
        final List<KeyValue<Long, TicketStatusChanged>> kept = earlyStatuses(record.key());
        final TicketStatusChanged earlier = latest(kept, route);
        context.forward(record.withKey(pool).withValue(PoolEvents.created(ticket, earlier)));
        kept.forEach(entry -> early.put(record.key(), null, entry.key));
        final boolean closedAlready = earlier != null && earlier.getStatus() == TicketStatus.CLOSED;
        if (closedAlready || TicketCheck.problem(ticket, maxTicketChars) != null) {  // the pool closes or rejects it: never open
            keepAsClosed(record, pool);
        } else {
            routes.put(record.key(), new TicketRoute(pool, null));
        }
    }

    private void statusChanged(final Record<String, PoolEvent> record, final TicketStatusChanged change,
            final TicketRoute route) {
        if (route == null || route.getPool() == null) {
            keepEarlyStatus(record, change, route);
            return;
        }
        context.forward(record.withKey(route.getPool()).withValue(PoolEvents.statusChanged(change)));
        if (change.getStatus() == TicketStatus.CLOSED) {
            closeRouted(record, route.getPool());
        }
    }

    /**
     * A waiting ticket a pool handed over goes to the pool named (whatever this instance's configuration says, so
     * that instances that differ during a deployment do not send it back and forth), and so do its statuses from now
     * on. A status that reached a pool after its ticket had left goes once more to where the ticket is; one that
     * came back from there is dropped (the event carries the pool that sent it back, so no pool sends it twice).
     */
    private void handedBack(final Record<String, PoolEvent> record, final PoolEvent event, final TicketRoute route) {
        if (event.getTicketCreated() != null) {
            context.forward(record.withKey(event.getToPool()).withValue(event));
            routes.put(record.key(), new TicketRoute(event.getToPool(), null));
        } else if (route != null && route.getPool() != null && !route.getPool().equals(event.getFromPool())) {
            context.forward(record.withKey(route.getPool()).withValue(event));
            if (event.getTicketStatus().getStatus() == TicketStatus.CLOSED) {
                closeRouted(record, route.getPool());
            }
        }
    }

    /**
     * Closed after its old pool handed it over (the close went there, and came back): its new pool says it is closed,
     * as its old one no longer can.
     */
    private void closedWhileMoving(final Record<String, PoolEvent> record, final PoolEvent handover) {
        final TicketStatusChanged closed = TicketStatusChanged.newBuilder().setTicketId(record.key())
                .setStatus(TicketStatus.CLOSED).setTime(Instant.ofEpochMilli(record.timestamp())).build();
        context.forward(record.withKey(handover.getToPool()).withValue(PoolEvents.handedOver(
                handover.getTicketCreated(), closed, handover.getFromPool(), handover.getToPool())));
    }

    /** A status for a ticket not created yet, kept until it comes (or the retention passes); a closed one is final. */
    private void keepEarlyStatus(final Record<String, PoolEvent> record, final TicketStatusChanged change,
            final TicketRoute legacy) {
        final List<KeyValue<Long, TicketStatusChanged>> kept = earlyStatuses(record.key());
        final TicketStatusChanged earlier = latest(kept, legacy);
        if (earlier != null && earlier.getStatus() == TicketStatus.CLOSED) {
            return;
        }
        if (legacy != null) {
            routes.delete(record.key());  // kept there by an earlier version; from now on in the expiring store
        }
        kept.forEach(entry -> early.put(record.key(), null, entry.key));
        early.put(record.key(), change, record.timestamp());
    }

    /** The statuses kept for a ticket not created yet, by time (one at most: each replaces the one before). */
    private List<KeyValue<Long, TicketStatusChanged>> earlyStatuses(final String ticketId) {
        final List<KeyValue<Long, TicketStatusChanged>> kept = new ArrayList<>();
        try (WindowStoreIterator<TicketStatusChanged> entries = early.fetch(ticketId, 0L, Long.MAX_VALUE)) {
            entries.forEachRemaining(kept::add);
        }
        return kept;
    }

    /** The latest status kept, or the one an earlier version kept in the ticket's route, or null. */
    private static TicketStatusChanged latest(final List<KeyValue<Long, TicketStatusChanged>> kept,
            final TicketRoute route) {
        return !kept.isEmpty() ? kept.get(kept.size() - 1).value : route == null ? null : route.getEarlyStatus();
    }

    /**
     * A ticket closed after its route was made: its decisions say it is closed from now on (isClosed). One whose
     * first decision has not been read back yet is kept as closed, as one never open is.
     */
    private void closeRouted(final Record<String, PoolEvent> record, final String pool) {
        if (latestDecision(record.key()) == null) {
            keepAsClosed(record, pool);
        } else {
            routes.delete(record.key());
        }
    }

    /** A ticket that is never open (rejected, or closed before it came), or closed before its first decision. */
    private void keepAsClosed(final Record<String, PoolEvent> record, final String pool) {
        routes.delete(record.key());
        closed.put(record.key(), pool, record.timestamp());
    }

    /**
     * Closed: kept as closed (rejected, closed before it came, or closed by a version before the decisions told it),
     * or without a route but with a decision within the closed-ticket retention. Routes are only ever deleted when
     * their ticket closes, and a route is made before the ticket's first decision.
     */
    private boolean isClosed(final Record<String, PoolEvent> record, final TicketRoute route) {
        try (WindowStoreIterator<String> entries = closed.fetch(record.key(), 0L, Long.MAX_VALUE)) {
            if (entries.hasNext()) {
                return true;
            }
        }
        if (route != null && route.getPool() != null) {
            return false;
        }
        final Long latest = latestDecision(record.key());
        return latest != null && record.timestamp() - latest <= closedRetention.toMillis();
    }

    /** The time of the ticket's latest decision read back from ticket-assignments, or null if none is kept. */
    private Long latestDecision(final String ticketId) {
        final List<KeptDecision> latest = decisions.newest(decided, ticketId, 1);
        return latest.isEmpty() ? null : latest.get(0).getTime().toEpochMilli();
    }
}
