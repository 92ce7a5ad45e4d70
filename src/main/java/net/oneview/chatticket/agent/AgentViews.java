package net.oneview.chatticket.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.assignment.HeldTickets;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.AssignedTicket;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Component;

/**
 * Reads agents, with the tickets they hold, wherever their partitions live. An agent's status and offers are in
 * stores of the agent's task, by agent id: {@value #STORE} holds the status, {@value #OFFERS_STORE} the latest step
 * of each offer made to the agent (key = agent id, separator, ticket id). Its tickets are read from the pools that hold
 * them ({@link HeldTickets}): its pool, the pool it is leaving, and those it left holding tickets there. An agent's
 * list thus has no copy of its own to write at each decision.
 *
 * <p>The version of the list (the id of the live events) is a sum of counts of changes, each kept where its part
 * changes: each pool's ({@code listVersion} in its record of the agent, one more at each decision about the agent's
 * tickets there) and the agent's own ({@code ticketsVersion} in {@value #STORE}, one more at each change of its
 * offers). Every pool the agent's tickets were read from stays read ({@code poolsRead}), so the sum only grows,
 * whichever task counted a change and whatever the instances' clocks.
 */
@Component
public class AgentViews {

    /** Agent status (key = agent id), filled by {@link AgentStatusProcessor}. */
    public static final String STORE = "agents";

    /**
     * The offers made to agents (key = {@link #ticketKey}): the latest offer decision about the ticket for the agent,
     * pending or how it ended; filled by {@link AgentOffersProcessor}.
     */
    public static final String OFFERS_STORE = "agent-offers";

    /** The part of a list's version that the agent's own entry counts (its offers), beside the pools'. */
    public static final String OWN_PART = "";

    private static final char SEP = '\u001f';
    private static final StringSerializer KEYS = new StringSerializer();

    private final InteractiveQueries queries;

    public AgentViews(final InteractiveQueries queries) {
        this.queries = queries;
    }

    /**
     * @param authorization the caller's Authorization header, passed on when another instance holds the agent or one
     *     of its pools; null: read as this instance (the caller's rights checked already, or no caller)
     * @return the agent with its tickets and offers, empty if it was never seen
     */
    public Optional<AgentView> find(final String agentId, final String authorization) {
        final Optional<AgentView> view = withoutTickets(agentId, authorization);
        view.ifPresent(found -> {
            final Lists lists = new Lists(found);
            for (final String pool : pools(found)) {
                queries.get(AssignmentProcessor.AGENTS_STORE, pool, agentId, AgentView.class, authorization,
                        heldIn(pool, agentId)).ifPresent(inPool -> lists.add(pool, inPool.getTickets(),
                        inPool.getTicketsVersion()));
            }
            lists.done();
        });
        return view;
    }

    /** The agent's entry with its offers, without its tickets (not read): its status, for the status changes. */
    public Optional<AgentView> withoutTickets(final String agentId, final String authorization) {
        return queries.get(STORE, agentId, AgentView.class, authorization, local(agentId));
    }

    /** How this instance reads the agent with its offers (without its tickets), when it holds the agent's partition. */
    static InteractiveQueries.LocalRead<AgentView> local(final String agentId) {
        return stores -> {
            final AgentView view = stores.store(STORE, QueryableStoreTypes.<String, AgentView>keyValueStore())
                    .get(agentId);
            if (view != null) {
                view.setOffers(offers(stores.store(OFFERS_STORE,
                        QueryableStoreTypes.<String, TicketAssignment>keyValueStore()), agentId));
            }
            return view;
        };
    }

    /**
     * How this instance reads the tickets the agent holds in a pool whose partition it holds: an agent entry carrying
     * them and their version only; null if the pool never had the agent.
     */
    static InteractiveQueries.LocalRead<AgentView> heldIn(final String pool, final String agentId) {
        return stores -> {
            final HeldTickets.InPool held = HeldTickets.read(
                    stores.store(AssignmentProcessor.AGENTS_STORE, QueryableStoreTypes.<String, PoolAgent>keyValueStore()),
                    stores.store(AssignmentProcessor.TICKETS_STORE,
                            QueryableStoreTypes.<String, PoolTicket>keyValueStore()), pool, agentId);
            if (held == null) {
                return null;
            }
            final AgentView part = empty(agentId);
            part.setTickets(held.tickets());
            part.setTicketsVersion(held.version());
            return part;
        };
    }

    /**
     * The pools the agent's tickets are read from: its own, the one it is leaving, those it left holding some, and
     * every other it was read from before (its version's parts).
     */
    static Set<String> pools(final AgentView view) {
        final Set<String> pools = new TreeSet<>(view.getPoolsRead());
        pools.addAll(view.getKeptTickets().keySet());
        if (view.getPool() != null) {
            pools.add(view.getPool());
        }
        if (view.getLeavingPool() != null) {
            pools.add(view.getLeavingPool());
        }
        return pools;
    }

    /** The latest step of each offer made to the agent, as {@link AgentOffersProcessor} keeps them. */
    public static List<TicketAssignment> offers(final ReadOnlyKeyValueStore<String, TicketAssignment> offers,
            final String agentId) {
        final List<TicketAssignment> steps = new ArrayList<>();
        try (KeyValueIterator<String, TicketAssignment> entries = offers.prefixScan(agentId + SEP, KEYS)) {
            entries.forEachRemaining(entry -> steps.add(entry.value));
        }
        return steps;
    }

    /**
     * The agent as {@link #find} reads it, from stores that all hold the partitions needed (one instance, a test's
     * driver). Null if the agent was never seen.
     */
    public static AgentView read(final ReadOnlyKeyValueStore<String, AgentView> views,
            final ReadOnlyKeyValueStore<String, TicketAssignment> offers,
            final ReadOnlyKeyValueStore<String, PoolAgent> poolAgents,
            final ReadOnlyKeyValueStore<String, PoolTicket> poolTickets, final String agentId) {
        final AgentView view = views.get(agentId);
        if (view == null) {
            return null;
        }
        view.setOffers(offers(offers, agentId));
        final Lists lists = new Lists(view);
        for (final String pool : pools(view)) {
            final HeldTickets.InPool inPool = HeldTickets.read(poolAgents, poolTickets, pool, agentId);
            if (inPool != null) {
                lists.add(pool, inPool.tickets(), inPool.version());
            }
        }
        lists.done();
        return view;
    }

    /** The agent's tickets and the parts of its list's version, gathered from its pools into its entry as read. */
    private static final class Lists {

        private final AgentView view;
        private final List<AssignedTicket> held = new ArrayList<>();
        private final Map<String, Long> parts = new TreeMap<>();

        Lists(final AgentView view) {
            this.view = view;
            parts.put(OWN_PART, view.getTicketsVersion());
        }

        void add(final String pool, final List<AssignedTicket> tickets, final long count) {
            held.addAll(tickets);
            parts.put(pool, count);
        }

        void done() {
            view.setTickets(held);
            view.setVersions(parts);
            view.setTicketsVersion(parts.values().stream().mapToLong(Long::longValue).sum());
        }
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
        stored.setTickets(new ArrayList<>());  // what versions before the pools' lists kept here: the pools have them
        stored.setKeptTickets(new TreeMap<>(stored.getKeptTickets()));
        stored.setPoolsRead(new ArrayList<>(stored.getPoolsRead()));
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
        view.setPoolsRead(new ArrayList<>());
        view.setVersions(new TreeMap<>());
        return view;
    }
}
