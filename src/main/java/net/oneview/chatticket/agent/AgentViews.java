package net.oneview.chatticket.agent;

import java.util.ArrayList;
import java.util.Optional;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.state.AgentView;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.stereotype.Component;

/** Reads agents from the store {@value #STORE} (key = agent id), wherever the agent's partition lives. */
@Component
public class AgentViews {

    /** The store of agent status and tickets, filled by {@link AgentStatusProcessor} and {@link AgentTicketsProcessor}. */
    public static final String STORE = "agents";

    private final InteractiveQueries queries;

    public AgentViews(final InteractiveQueries queries) {
        this.queries = queries;
    }

    /**
     * @param authorization the caller's Authorization header, passed on when another instance holds the agent
     * @return the agent, empty if it was never seen
     */
    public Optional<AgentView> find(final String agentId, final String authorization) {
        return queries.get(STORE, agentId, AgentView.class, authorization);
    }

    /** The agent in the store, or a new one, with lists that can be edited (Avro reads arrays as fixed lists). */
    static AgentView load(final KeyValueStore<String, AgentView> store, final String agentId) {
        final AgentView stored = store.get(agentId);
        if (stored == null) {
            return empty(agentId);
        }
        stored.setQueues(new ArrayList<>(stored.getQueues()));
        stored.setTickets(new ArrayList<>(stored.getTickets()));
        return stored;
    }

    private static AgentView empty(final String agentId) {
        final AgentView view = new AgentView();
        view.setAgentId(agentId);
        view.setQueues(new ArrayList<>());
        view.setTickets(new ArrayList<>());
        return view;
    }
}
