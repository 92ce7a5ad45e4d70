package net.oneview.chatticket.agent;

import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.AssignedTicket;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies assignment decisions (re-keyed by agent id) to the agent's ticket list in the store
 * {@value AgentViews#STORE}: assigned tickets are added, closed or requeued ones removed, status changes shown.
 */
public final class AgentTicketsProcessor implements Processor<String, TicketAssignment, Void, Void> {

    private KeyValueStore<String, AgentView> views;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.views = context.getStateStore(AgentViews.STORE);
    }

    @Override
    public void process(final Record<String, TicketAssignment> record) {
        final TicketAssignment decision = record.value();
        final AgentView view = AgentViews.load(views, record.key());
        final String ticketId = decision.getTicketId();
        switch (decision.getDecision()) {
            case ASSIGNED -> {
                view.getTickets().removeIf(held -> held.getTicket().getId().equals(ticketId));
                view.getTickets().add(new AssignedTicket(decision.getTicket(), decision.getTicketStatus(),
                        decision.getStatusReason(), decision.getTime()));
            }
            case STATUS_CHANGED -> view.getTickets().stream()
                    .filter(held -> held.getTicket().getId().equals(ticketId))
                    .forEach(held -> {
                        held.setStatus(decision.getTicketStatus());
                        held.setStatusReason(decision.getStatusReason());
                    });
            case CLOSED, REQUEUED -> view.getTickets().removeIf(held -> held.getTicket().getId().equals(ticketId));
            default -> {
                return;
            }
        }
        views.put(record.key(), view);
    }
}
