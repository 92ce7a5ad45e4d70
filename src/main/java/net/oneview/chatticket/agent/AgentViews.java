package net.oneview.chatticket.agent;

import java.util.ArrayList;
import java.util.Optional;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.state.AgentView;
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

    /** An agent the store has not seen yet. */
    static AgentView empty(final String agentId) {
        final AgentView view = new AgentView();
        view.setAgentId(agentId);
        view.setQueues(new ArrayList<>());
        view.setTickets(new ArrayList<>());
        return view;
    }
}
