package net.oneview.chatticket.tickets;

import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.state.AssignedTicket;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
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
                content(ticket, json),
                metadata == null ? null : new Metadata(metadata.getCcr(), metadata.getAgentJwt(), metadata.getRoomId(),
                        metadata.getRoomName(), metadata.getRoomSubscriptionToken(), metadata.getOrderId(),
                        List.copyOf(metadata.getAgentAccesses())),
                held.getStatusReason(), ticket.getPriority(),
                customer == null ? null : new Customer(customer.getId(), customer.getFirstName(), customer.getLastName()));
    }

    /** Content was checked when the ticket came in; should it still not parse, the ticket shows without it. */
    private static JsonNode content(final TicketCreated ticket, final JsonMapper json) {
        try {
            return json.readTree(ticket.getContent());
        } catch (JacksonException e) {
            LoggerFactory.getLogger(TicketResponse.class).error("content of ticket {} is not JSON", ticket.getId(), e);
            return null;
        }
    }

    private static Long seconds(final Instant time) {
        return time == null ? null : time.getEpochSecond();
    }
}
