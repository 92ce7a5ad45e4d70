package net.oneview.chatticket.decisions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.state.TicketDecisions;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.springframework.stereotype.Component;

/** Reads a ticket's decisions from the store {@value #STORE} (key = ticket id), wherever its partition lives. */
@Component
public class DecisionHistory {

    public static final String STORE = "ticket-decisions";

    private final InteractiveQueries queries;

    public DecisionHistory(final InteractiveQueries queries) {
        this.queries = queries;
    }

    /** @return the ticket's decisions in order, empty if none is kept (unknown, or older than the retention) */
    public Optional<TicketDecisions> find(final String ticketId, final String authorization) {
        return queries.get(STORE, ticketId, TicketDecisions.class, authorization, read(ticketId));
    }

    /** The decisions this instance holds; used to answer other instances. */
    public Optional<TicketDecisions> findLocal(final String ticketId, final boolean standby) {
        return queries.getLocal(STORE, ticketId, standby, read(ticketId));
    }

    private static InteractiveQueries.LocalRead<TicketDecisions> read(final String ticketId) {
        return stores -> {
            final ReadOnlyWindowStore<String, TicketAssignment> store = stores.store(STORE,
                    QueryableStoreTypes.<String, TicketAssignment>windowStore());
            final List<TicketAssignment> decisions = new ArrayList<>();
            try (WindowStoreIterator<TicketAssignment> entries = store.fetch(ticketId, Instant.EPOCH,
                    Instant.ofEpochMilli(Long.MAX_VALUE))) {
                entries.forEachRemaining(entry -> decisions.add(entry.value));
            }
            return decisions.isEmpty() ? null : new TicketDecisions(ticketId, decisions);
        };
    }
}
