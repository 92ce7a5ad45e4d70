package net.oneview.chatticket.decisions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.state.KeptDecision;
import net.oneview.chatticket.state.TicketDecisions;
import net.oneview.chatticket.streams.Topics;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads a ticket's newest decisions from the store {@value #STORE} ({@link DecisionStore}), wherever its partition
 * lives.
 * A ticket moved back and forth (an agent going offline and online under {@code requeue}, statuses flapping) can
 * gather thousands of decisions in the retention: the answer shows the newest {@code max-shown}, read from the newest
 * back, so neither the read nor the answer grows with the history.
 */
@Component
public class DecisionHistory {

    public static final String STORE = DecisionStore.NAME;

    private final InteractiveQueries queries;
    private final DecisionStore decisions;
    private final int maxShown;

    public DecisionHistory(final InteractiveQueries queries, final Topics topics,
            @Value("${chat-ticket.decisions.max-shown:100}") final int maxShown) {
        if (maxShown < 1) {
            throw new IllegalArgumentException("chat-ticket.decisions.max-shown must be at least 1, not " + maxShown);
        }
        this.queries = queries;
        this.decisions = new DecisionStore(topics);
        this.maxShown = maxShown;
    }

    /** @return the ticket's newest decisions in order, empty if none is kept (unknown, or older than the retention) */
    public Optional<TicketDecisions> find(final String ticketId, final String authorization) {
        return queries.get(STORE, ticketId, TicketDecisions.class, authorization, read(ticketId));
    }

    /** The decisions this instance holds; used to answer other instances. */
    public Optional<TicketDecisions> findLocal(final String ticketId, final boolean standby) {
        return queries.getLocal(STORE, ticketId, standby, read(ticketId));
    }

    private InteractiveQueries.LocalRead<TicketDecisions> read(final String ticketId) {
        return stores -> {
            final ReadOnlyKeyValueStore<String, byte[]> store = stores.store(STORE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore());
            // one more than shown: whether earlier ones are left out, without reading them all
            final List<KeptDecision> newestFirst = decisions.newest(store, ticketId, maxShown + 1);
            if (newestFirst.isEmpty()) {
                return null;
            }
            final boolean earlierOmitted = newestFirst.size() > maxShown;
            final List<KeptDecision> shown = new ArrayList<>(newestFirst.subList(0, Math.min(maxShown,
                    newestFirst.size())));
            Collections.reverse(shown);
            return new TicketDecisions(ticketId, shown, earlierOmitted);
        };
    }
}
