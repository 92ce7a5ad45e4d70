package net.oneview.chatticket.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.AssignedTicket;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Component;

/**
 * Reads agents, with the tickets they hold, wherever the agent's partition lives. Two stores of the same task, both
 * by agent id: {@value #STORE} holds the status, {@value #TICKETS_STORE} one entry per held ticket (key = agent id,
 * separator, ticket id), so that a decision rewrites one small entry and not the agent's whole list. A third,
 * {@value #OFFERS_STORE}, keyed like the tickets, holds the latest step of each offer made to the agent.
 */
@Component
public class AgentViews {

    /** Agent status (key = agent id), filled by {@link AgentStatusProcessor}. */
    public static final String STORE = "agents";
    /** The tickets agents hold (key = {@link #ticketKey}), filled by {@link AgentTicketsProcessor}. */
    public static final String TICKETS_STORE = "agent-tickets";

    /**
     * The offers made to agents (key = {@link #ticketKey}): the latest offer decision about the ticket for the agent,
     * pending or how it ended; filled by {@link AgentTicketsProcessor}.
     */
    public static final String OFFERS_STORE = "agent-offers";

    private static final char SEP = '\u001f';
    private static final StringSerializer KEYS = new StringSerializer();

    private final InteractiveQueries queries;

    public AgentViews(final InteractiveQueries queries) {
        this.queries = queries;
    }

    /**
     * @param authorization the caller's Authorization header, passed on when another instance holds the agent; null:
     *     read as this instance (the caller's rights checked already, or no caller)
     * @return the agent with its tickets, empty if it was never seen
     */
    public Optional<AgentView> find(final String agentId, final String authorization) {
        return queries.get(STORE, agentId, AgentView.class, authorization, local(agentId));
    }

    /** How this instance reads the agent with its tickets and offers, when it holds the agent's partition. */
    static InteractiveQueries.LocalRead<AgentView> local(final String agentId) {
        return stores -> {
            final AgentView view = read(stores.store(STORE, QueryableStoreTypes.<String, AgentView>keyValueStore()),
                    stores.store(TICKETS_STORE, QueryableStoreTypes.<String, AssignedTicket>keyValueStore()), agentId);
            if (view != null) {
                view.setOffers(offers(stores.store(OFFERS_STORE,
                        QueryableStoreTypes.<String, TicketAssignment>keyValueStore()), agentId));
            }
            return view;
        };
    }

    /** The latest step of each offer made to the agent, as {@link AgentTicketsProcessor} keeps them. */
    public static List<TicketAssignment> offers(final ReadOnlyKeyValueStore<String, TicketAssignment> offers,
            final String agentId) {
        final List<TicketAssignment> steps = new ArrayList<>();
        try (KeyValueIterator<String, TicketAssignment> entries = offers.prefixScan(agentId + SEP, KEYS)) {
            entries.forEachRemaining(entry -> steps.add(entry.value));
        }
        return steps;
    }

    /**
     * The agent with its tickets: those of the tickets store, and any that a version before that store kept in the
     * agent's own entry. Null if the agent was never seen.
     */
    public static AgentView read(final ReadOnlyKeyValueStore<String, AgentView> views,
            final ReadOnlyKeyValueStore<String, AssignedTicket> tickets, final String agentId) {
        final AgentView view = views.get(agentId);
        if (view == null) {
            return null;
        }
        final List<AssignedTicket> held = new ArrayList<>(view.getTickets());
        try (KeyValueIterator<String, AssignedTicket> entries = tickets.prefixScan(agentId + SEP, KEYS)) {
            entries.forEachRemaining(entry -> held.add(entry.value));
        }
        view.setTickets(held);
        return view;
    }

    static String ticketKey(final String agentId, final String ticketId) {
        return agentId + SEP + ticketId;
    }

    /** The agent in the store, or a new one, with lists that can be edited (Avro reads arrays as fixed lists). */
    static AgentView load(final KeyValueStore<String, AgentView> store, final String agentId) {
        final AgentView stored = store.get(agentId);
        if (stored == null) {
            return empty(agentId);
        }
        stored.setQueues(new ArrayList<>(stored.getQueues()));
        stored.setTickets(new ArrayList<>(stored.getTickets()));
        stored.setKeptTickets(new TreeMap<>(stored.getKeptTickets()));
        return stored;
    }

    private static AgentView empty(final String agentId) {
        final AgentView view = new AgentView();
        view.setAgentId(agentId);
        view.setQueues(new ArrayList<>());
        view.setTickets(new ArrayList<>());
        view.setKeptTickets(new TreeMap<>());
        view.setQueueLevels(new TreeMap<>());
        view.setChannelCapacity(new TreeMap<>());
        view.setOffers(new ArrayList<>());
        return view;
    }
}
