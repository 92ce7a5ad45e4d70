package net.oneview.chatticket.assignment;

import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.state.TicketRoute;
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
 * ticket travels with the ticket when it comes. Closed tickets move to a store whose old entries expire on their own
 * (the closed-ticket retention), so that late events for them change nothing without the state growing forever.
 */
public final class TicketRouter implements Processor<String, PoolEvent, String, PoolEvent> {

    public static final String ROUTES_STORE = "ticket-routes";
    public static final String CLOSED_STORE = "closed-tickets";
    private static final Logger log = LoggerFactory.getLogger(TicketRouter.class);

    private final Pools pools;
    private ProcessorContext<String, PoolEvent> context;
    private KeyValueStore<String, TicketRoute> routes;
    private WindowStore<String, String> closed;

    public TicketRouter(final Pools pools) {
        this.pools = pools;
    }

    @Override
    public void init(final ProcessorContext<String, PoolEvent> context) {
        this.context = context;
        this.routes = context.getStateStore(ROUTES_STORE);
        this.closed = context.getStateStore(CLOSED_STORE);
    }

    @Override
    public void process(final Record<String, PoolEvent> record) {
        if (isClosed(record.key())) {
            log.debug("event for closed ticket {} ignored", record.key());
            return;
        }
        final TicketRoute route = routes.get(record.key());
        if (record.value().getTicketCreated() != null) {
            created(record, record.value().getTicketCreated(), route);
        } else if (record.value().getTicketStatus() != null) {
            statusChanged(record, record.value().getTicketStatus(), route);
        }
    }

    private void created(final Record<String, PoolEvent> record, final TicketCreated ticket, final TicketRoute route) {
        if (route != null && route.getPool() != null) {
            log.debug("ticket {} created again; ignored", ticket.getId());
            return;
        }
        final String pool = pools.ofQueue(ticket.getQueue());
        final TicketStatusChanged earlier = route == null ? null : route.getEarlyStatus();
        context.forward(record.withKey(pool).withValue(new PoolEvent(ticket, earlier, null, false)));
        if (earlier != null && earlier.getStatus() == TicketStatus.CLOSED) {
            close(record, pool);
        } else {
            routes.put(record.key(), new TicketRoute(pool, null));
        }
    }

    private void statusChanged(final Record<String, PoolEvent> record, final TicketStatusChanged change,
            final TicketRoute route) {
        if (route == null || route.getPool() == null) {
            final boolean alreadyClosed = route != null && route.getEarlyStatus().getStatus() == TicketStatus.CLOSED;
            if (!alreadyClosed) {
                routes.put(record.key(), new TicketRoute(null, change));
            }
            return;
        }
        context.forward(record.withKey(route.getPool()).withValue(new PoolEvent(null, change, null, false)));
        if (change.getStatus() == TicketStatus.CLOSED) {
            close(record, route.getPool());
        }
    }

    private void close(final Record<String, PoolEvent> record, final String pool) {
        routes.delete(record.key());
        closed.put(record.key(), pool, record.timestamp());
    }

    private boolean isClosed(final String ticketId) {
        try (WindowStoreIterator<String> entries = closed.fetch(ticketId, 0L, Long.MAX_VALUE)) {
            return entries.hasNext();
        }
    }
}
