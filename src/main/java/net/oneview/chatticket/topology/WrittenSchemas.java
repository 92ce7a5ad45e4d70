package net.oneview.chatticket.topology;

import net.oneview.chatticket.streams.TopicProperties;
import java.util.Map;
import java.util.TreeMap;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.assignment.TicketRouter;
import net.oneview.chatticket.decisions.DecisionHistory;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.KeptDecision;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.state.PoolTicket;
import net.oneview.chatticket.state.TicketRoute;
import org.apache.avro.Schema;

/**
 * Every schema the service writes, by subject (TopicNameStrategy: the topic's name and {@code -value}): its output
 * topics, and the changelogs and repartition topics of the topology. With {@code auto-register-schemas=false} they must
 * all be registered before the service starts. {@code WrittenSchemasTest} runs the topology and fails when this list
 * and what the topology registers differ.
 */
public final class WrittenSchemas {

    private WrittenSchemas() {
    }

    public static Map<String, Schema> of(final String applicationId, final TopicProperties topics) {
        final Map<String, Schema> subjects = new TreeMap<>();
        subjects.put(topics.agentStatus() + "-value", AgentStatusChanged.getClassSchema());
        subjects.put(topics.ticketAssignments() + "-value", TicketAssignment.getClassSchema());
        subjects.put(topics.poolReleases() + "-value", PoolEvent.getClassSchema());
        subjects.put(topics.poolHandovers() + "-value", PoolEvent.getClassSchema());
        repartition(subjects, applicationId, TopologyFactory.POOL_TICKET_EVENTS_TOPIC, PoolEvent.getClassSchema());
        repartition(subjects, applicationId, TopologyFactory.POOL_AGENT_EVENTS_TOPIC, PoolEvent.getClassSchema());
        repartition(subjects, applicationId, TopologyFactory.ASSIGNMENTS_BY_AGENT_TOPIC,
                TicketAssignment.getClassSchema());
        changelog(subjects, applicationId, TicketRouter.ROUTES_STORE, TicketRoute.getClassSchema());
        changelog(subjects, applicationId, TicketRouter.EARLY_STORE, TicketStatusChanged.getClassSchema());
        changelog(subjects, applicationId, AgentViews.STORE, AgentView.getClassSchema());
        changelog(subjects, applicationId, AgentViews.OFFERS_STORE, TicketAssignment.getClassSchema());
        changelog(subjects, applicationId, AssignmentProcessor.TICKETS_STORE, PoolTicket.getClassSchema());
        changelog(subjects, applicationId, AssignmentProcessor.AGENTS_STORE, PoolAgent.getClassSchema());
        // no changelog, but the store's values are written under the subject of the one it had (DecisionStore)
        changelog(subjects, applicationId, DecisionHistory.STORE, KeptDecision.getClassSchema());
        return subjects;
    }

    private static void repartition(final Map<String, Schema> subjects, final String applicationId, final String name,
            final Schema schema) {
        subjects.put(applicationId + "-" + name + "-repartition-value", schema);
    }

    private static void changelog(final Map<String, Schema> subjects, final String applicationId, final String store,
            final Schema schema) {
        subjects.put(applicationId + "-" + store + "-changelog-value", schema);
    }
}
