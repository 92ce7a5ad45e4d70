package net.oneview.chatticket.assignment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.decisions.DecisionStore;
import net.oneview.chatticket.events.Decision;
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
 * Sends ticket events (key = ticket id) to their pool (key = pool). A new ticket goes to the pool of its queue, and
 * the router writes nothing: its decisions, read back from ticket-assignments into the store {@value DecisionStore#NAME}
 * of the same task, name the pool that holds it, so that its statuses follow it there, and a repeated creation is
 * dropped. A ticket whose latest decision closed or rejected it is closed: late events for it change nothing for the
 * closed-ticket retention, counted from that decision, as long as the decisions are kept.
 *
 * <p>A status whose ticket has no decision yet is kept, and travels with its ticket if that comes later; as its ticket
 * may instead have been sent already (its first decision not read back yet), it also goes to every pool. A pool that
 * does not hold the ticket sends it back, and it goes on to the ticket's pool if its decisions tell it by then, where
 * it changes nothing if the ticket has a later status. Rejected tickets, tickets closed before they came, and statuses
 * of tickets not created yet are kept in stores whose old entries expire on their own (the closed-ticket retention),
 * so that the state does not grow forever.
 *
 * <p>Until a ticket's first decision is read back, the router remembers in memory that it sent the ticket on, and to
 * which pool, for {@link #CREATED_MEMORY} (at most {@value #CREATED_KEPT} tickets): a creation sent again is dropped
 * (sent on, it would close a second time a ticket closed meanwhile, as the pool forgets a ticket it closed), and a
 * status goes to that pool alone (a close is kept too, for a creation sent again after a restart). After a restart,
 * or a read back later than that, the decisions and the kept statuses alone tell it, as below.
 *
 * <p>A pool hands back the waiting tickets of a queue that the configuration moved to another pool: the ticket goes
 * on to that pool, which the router then remembers for its statuses ({@value #ROUTES_STORE}, until the ticket
 * closes). A status the old pool got after its ticket left comes back too, and goes once more to where the ticket
 * went. Versions before the decisions named their pool remembered every open ticket's pool there too.
 */
public final class TicketRouter implements Processor<String, PoolEvent, String, PoolEvent> {

    public static final String ROUTES_STORE = "ticket-routes";
    public static final String CLOSED_STORE = "closed-tickets";
    public static final String EARLY_STORE = "early-statuses";
    private static final Logger log = LoggerFactory.getLogger(TicketRouter.class);
    /**
     * How long a ticket sent on as created is remembered here: its first decision is read back within a commit or two,
     * and within 30 s in the overloaded runs of make bench (latency at 1,000 tickets/s: p99 23 s).
     */
    static final Duration CREATED_MEMORY = Duration.ofMinutes(5);
    /** At most this many tickets sent on as created are remembered (a few MB): the oldest are forgotten first. */
    static final int CREATED_KEPT = 100_000;

    private final Pools pools;
    private final int maxTicketChars;
    private final DecisionStore decisions;
    private final Duration closedRetention;
    private ProcessorContext<String, PoolEvent> context;
    private KeyValueStore<String, TicketRoute> routes;
    private WindowStore<String, String> closed;
    private WindowStore<String, TicketStatusChanged> early;
    private KeyValueStore<String, byte[]> decided;
    /** The tickets sent on as created within {@link #CREATED_MEMORY}, oldest first. */
    private final Map<String, Sent> createdLately = new LinkedHashMap<>();

    /** A ticket sent on as created: to which pool, and when (wall clock). */
    private record Sent(String pool, long at) {
    }

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
        createdLately.clear();  // a task started again goes on from its last commit
    }

    @Override
    public void process(final Record<String, PoolEvent> record) {
        final TicketRoute route = routes.get(record.key());
        final List<KeptDecision> latest = decisions.newest(decided, record.key(), 1);
        final KeptDecision decision = latest.isEmpty() ? null : latest.get(0);
        if (decision != null) {
            createdLately.remove(record.key());  // its decisions tell it from now on
        }
        if (isClosed(record, route, decision)) {
            if (record.value().getFromPool() != null && record.value().getTicketCreated() != null) {
                closedWhileMoving(record, record.value());
            }
            try (LogContext.Scope about = LogContext.put(LogContext.TICKET_ID, record.key())) {
                log.debug("event for closed ticket {} ignored", record.key());
            }
            return;
        }
        if (record.value().getFromPool() != null) {
            handedBack(record, record.value(), route, decision);
        } else if (record.value().getTicketCreated() != null) {
            created(record, record.value().getTicketCreated(), route, decision);
        } else if (record.value().getTicketStatus() != null) {
            final String problem = TicketCheck.problem(record.value().getTicketStatus(), maxTicketChars);
            if (problem != null) {
                throw new UnprocessableEventException(DeadLetterReason.BAD_VALUE, problem);
            }
            statusChanged(record, record.value().getTicketStatus(), route, decision);
        }
    }

    private void created(final Record<String, PoolEvent> record, final TicketCreated ticket, final TicketRoute route,
            final KeptDecision decision) {
        if (route != null && route.getPool() != null || decision != null && !ends(decision)
                || sentLately(ticket.getId()) != null) {
            try (LogContext.Scope about = LogContext.put(LogContext.TICKET_ID, ticket.getId())) {
                log.debug("ticket {} created again; ignored", ticket.getId());
            }
            return;
        }
        final String pool = pools.ofQueue(ticket.getQueue());
        final List<KeyValue<Long, TicketStatusChanged>> kept = earlyStatuses(record.key());
        final TicketStatusChanged earlier = latest(kept, route);
        context.forward(record.withKey(pool).withValue(PoolEvents.created(ticket, earlier)));
        remember(ticket.getId(), pool);
        kept.forEach(entry -> early.put(record.key(), null, entry.key));
        final boolean closedAlready = earlier != null && earlier.getStatus() == TicketStatus.CLOSED;
        if (closedAlready || TicketCheck.problem(ticket, maxTicketChars) != null) {  // the pool closes or rejects it: never open
            keepAsClosed(record, pool);
        } else if (route != null) {
            routes.delete(record.key());  // an earlier version kept its early status there
        }
    }

    /** The pool the ticket was sent on to as created, if remembered; null otherwise. */
    private String sentLately(final String ticketId) {
        final Sent sent = createdLately.get(ticketId);
        return sent != null && context.currentSystemTimeMs() - sent.at() <= CREATED_MEMORY.toMillis() ? sent.pool()
                : null;
    }

    /** Remembers a ticket sent on as created; forgets, oldest first, those remembered too long or too many. */
    private void remember(final String ticketId, final String pool) {
        final long now = context.currentSystemTimeMs();
        final Iterator<Sent> oldest = createdLately.values().iterator();
        while (oldest.hasNext()) {
            final Sent sent = oldest.next();
            if (createdLately.size() < CREATED_KEPT && now - sent.at() <= CREATED_MEMORY.toMillis()) {
                break;
            }
            oldest.remove();
        }
        createdLately.put(ticketId, new Sent(pool, now));
    }

    private void statusChanged(final Record<String, PoolEvent> record, final TicketStatusChanged change,
            final TicketRoute route, final KeptDecision decision) {
        final String sent = decision == null && (route == null || route.getPool() == null)
                ? sentLately(record.key()) : null;
        final String pool = sent != null ? sent : poolOf(route, decision);
        if (pool == null) {
            if (keepEarlyStatus(record, change, route)) {
                pools.names().forEach(any -> context.forward(record.withKey(any)
                        .withValue(PoolEvents.statusChanged(change))));
            }
            return;
        }
        context.forward(record.withKey(pool).withValue(PoolEvents.statusChanged(change)));
        if (sent != null && change.getStatus() == TicketStatus.CLOSED) {
            // kept too: a creation sent again after a restart, before the close's decision is read back, is then
            // closed (as one closed before it came), not opened again
            early.put(record.key(), change, record.timestamp());
        } else if (change.getStatus() == TicketStatus.CLOSED && route != null) {
            closeRouted(record, pool, decision);
        }
    }

    /**
     * A waiting ticket a pool handed over goes to the pool named (whatever this instance's configuration says, so
     * that instances that differ during a deployment do not send it back and forth), and so do its statuses from now
     * on. A status that reached a pool after its ticket had left goes once more to where the ticket is; one that
     * came back from there is dropped (the event carries the pool that sent it back, so no pool sends it twice).
     */
    private void handedBack(final Record<String, PoolEvent> record, final PoolEvent event, final TicketRoute route,
            final KeptDecision decision) {
        if (event.getTicketCreated() != null) {
            context.forward(record.withKey(event.getToPool()).withValue(event));
            routes.put(record.key(), new TicketRoute(event.getToPool(), null));
            return;
        }
        final String pool = poolOf(route, decision);
        if (pool != null && !pool.equals(event.getFromPool())) {
            context.forward(record.withKey(pool).withValue(event));
            if (event.getTicketStatus().getStatus() == TicketStatus.CLOSED && route != null) {
                closeRouted(record, pool, decision);
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

    /**
     * A status for a ticket not created yet, kept until it comes (or the retention passes); a closed one is final.
     *
     * @return whether it was kept: not after a close
     */
    private boolean keepEarlyStatus(final Record<String, PoolEvent> record, final TicketStatusChanged change,
            final TicketRoute legacy) {
        final List<KeyValue<Long, TicketStatusChanged>> kept = earlyStatuses(record.key());
        final TicketStatusChanged earlier = latest(kept, legacy);
        if (earlier != null && earlier.getStatus() == TicketStatus.CLOSED) {
            return false;
        }
        if (legacy != null) {
            routes.delete(record.key());  // kept there by an earlier version; from now on in the expiring store
        }
        kept.forEach(entry -> early.put(record.key(), null, entry.key));
        early.put(record.key(), change, record.timestamp());
        return true;
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
     * A ticket the router remembered the pool of (handed over, or routed by an earlier version) closed: its decisions
     * say it is closed from now on (isClosed). One whose first decision has not been read back yet is kept as closed,
     * as one never open is.
     */
    private void closeRouted(final Record<String, PoolEvent> record, final String pool, final KeptDecision decision) {
        if (decision == null) {
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
     * Where the ticket is: the pool remembered for it, or the pool of its latest decision (for decisions that do not
     * name it, the pool of their queue here); null when it has no decision, or its latest one closed or rejected it.
     */
    private String poolOf(final TicketRoute route, final KeptDecision decision) {
        if (route != null && route.getPool() != null) {
            return route.getPool();
        }
        if (decision == null || ends(decision)) {
            return null;
        }
        return decision.getPool() != null ? decision.getPool() : pools.ofQueue(decision.getTicket().getQueue());
    }

    /**
     * Closed: kept as closed (rejected, closed before it came, or closed by a version before the decisions told it),
     * or, with no pool remembered for it, closed or rejected by its latest decision within the closed-ticket
     * retention. Remembered pools are deleted when their ticket closes.
     */
    private boolean isClosed(final Record<String, PoolEvent> record, final TicketRoute route,
            final KeptDecision decision) {
        try (WindowStoreIterator<String> entries = closed.fetch(record.key(), 0L, Long.MAX_VALUE)) {
            if (entries.hasNext()) {
                return true;
            }
        }
        if (route != null && route.getPool() != null) {
            return false;
        }
        return decision != null && ends(decision)
                && record.timestamp() - decision.getTime().toEpochMilli() <= closedRetention.toMillis();
    }

    /** Whether the decision ended the ticket: closed it, or rejected it. */
    private static boolean ends(final KeptDecision decision) {
        return decision.getDecision() == Decision.CLOSED || decision.getDecision() == Decision.REJECTED;
    }
}
