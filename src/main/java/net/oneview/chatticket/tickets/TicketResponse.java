package net.oneview.chatticket.tickets;

import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.state.AssignedTicket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The blueprint's Ticket, field for field; times in epoch seconds, content as the JSON object it was created with. */
record TicketResponse(String id, String ticketStatus, Long assignedTime, Long createdAt, String queue,
        String channel, JsonNode content, Metadata metadata, String statusReason, int priority, Customer customer) {

    record Metadata(String ccr, String agentJwt, String roomId, String roomName, String roomSubscriptionToken,
            String orderId, List<String> agentAccesses) {
    }

    record Customer(String id, String firstName, String lastName) {
    }

    static TicketResponse of(final AssignedTicket held, final JsonMapper json) {
        final TicketCreated ticket = held.getTicket();
        final var metadata = ticket.getMetadata();
        final var customer = ticket.getCustomer();
        return new TicketResponse(ticket.getId(), held.getStatus().name(), seconds(held.getAssignedTime()),
                seconds(ticket.getCreatedAt()), ticket.getQueue(), ticket.getChannel(),
                json.readTree(ticket.getContent()),
                metadata == null ? null : new Metadata(metadata.getCcr(), metadata.getAgentJwt(), metadata.getRoomId(),
                        metadata.getRoomName(), metadata.getRoomSubscriptionToken(), metadata.getOrderId(),
                        List.copyOf(metadata.getAgentAccesses())),
                held.getStatusReason(), ticket.getPriority(),
                customer == null ? null : new Customer(customer.getId(), customer.getFirstName(), customer.getLastName()));
    }

    private static Long seconds(final Instant time) {
        return time == null ? null : time.getEpochSecond();
    }
}
