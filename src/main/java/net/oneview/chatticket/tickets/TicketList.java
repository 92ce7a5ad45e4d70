package net.oneview.chatticket.tickets;

import java.util.Comparator;
import java.util.List;
import net.oneview.chatticket.assignment.AssignmentProperties;
import net.oneview.chatticket.assignment.AssignmentProperties.PriorityOrder;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.AssignedTicket;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent's tickets as the API shows them: most urgent first (as configured), then by assignment time. The same for
 * {@code GET /v1/{agentID}/tickets} and its live stream.
 */
@Component
public class TicketList {

    private final JsonMapper json;
    private final Comparator<AssignedTicket> order;

    TicketList(final JsonMapper json, final AssignmentProperties rules) {
        this.json = json;
        final Comparator<AssignedTicket> byPriority = Comparator.comparingInt(held -> held.getTicket().getPriority());
        this.order = (rules.priorityOrder() == PriorityOrder.ASCENDING ? byPriority : byPriority.reversed())
                .thenComparing(AssignedTicket::getAssignedTime)
                .thenComparing(held -> held.getTicket().getId());
    }

    public List<TicketResponse> of(final AgentView view) {
        return view.getTickets().stream().sorted(order).map(held -> TicketResponse.of(held, json)).toList();
    }
}
