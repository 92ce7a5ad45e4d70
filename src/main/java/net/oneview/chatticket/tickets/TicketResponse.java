package net.oneview.chatticket.tickets;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.logging.LogContext;
import net.oneview.chatticket.state.AssignedTicket;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The blueprint's Ticket, field for field; times in epoch seconds, content as the JSON object it was created with. */
@Schema(name = "Ticket")
public record TicketResponse(
        @Schema(description = "ticket id", requiredMode = Schema.RequiredMode.REQUIRED) String id,
        @Schema(description = "the ticket's latest status") TicketStatus ticketStatus,
        @Schema(description = "time at which the ticket was assigned to the agent, epoch seconds") Long assignedTime,
        @Schema(description = "time at which the ticket was created, epoch seconds") Long createdAt,
        @Schema(description = "ticket queue name") String queue,
        @Schema(description = "ticket channel type") String channel,
        @Schema(description = "ticket contents: the JSON object it was created with", types = "object",
                implementation = Object.class) JsonNode content,
        @Schema(description = "the metadata shown to the agent") Metadata metadata,
        @Schema(description = "why the ticket has its current status") String statusReason,
        @Schema(description = "priority of the ticket (1: most urgent, by default); the list is sorted by it")
        int priority,
        @Schema(description = "the customer the ticket was created for") Customer customer) {

    record Metadata(String ccr, String agentJwt, String roomId, String roomName, String roomSubscriptionToken,
            String orderId, List<String> agentAccesses) {
    }

    record Customer(String id, String firstName, String lastName) {
    }

    static TicketResponse of(final AssignedTicket held, final JsonMapper json) {
        return of(held.getTicket(), held.getStatus(), held.getStatusReason(), held.getAssignedTime(), json);
    }

    /** A ticket as the agent's acceptance of its offer assigned it (as the agent's list shows it then). */
    public static TicketResponse accepted(final TicketAssignment acceptance, final JsonMapper json) {
        return of(acceptance.getTicket(), acceptance.getTicketStatus(), acceptance.getStatusReason(),
                acceptance.getTime(), json);
    }

    /** A ticket offered to an agent and not (or not yet) assigned to it: without an assignedTime. */
    public static TicketResponse offered(final TicketCreated ticket, final TicketStatus status,
            final String statusReason, final JsonMapper json) {
        return of(ticket, status, statusReason, null, json);
    }

    private static TicketResponse of(final TicketCreated ticket, final TicketStatus status, final String statusReason,
            final Instant assignedTime, final JsonMapper json) {
        final var metadata = ticket.getMetadata();
        final var customer = ticket.getCustomer();
        return new TicketResponse(ticket.getId(), status, seconds(assignedTime),
                seconds(ticket.getCreatedAt()), ticket.getQueue(), ticket.getChannel(),
                content(ticket, json),
                metadata == null ? null : new Metadata(metadata.getCcr(), metadata.getAgentJwt(), metadata.getRoomId(),
                        metadata.getRoomName(), metadata.getRoomSubscriptionToken(), metadata.getOrderId(),
                        List.copyOf(metadata.getAgentAccesses())),
                statusReason, ticket.getPriority(),
                customer == null ? null : new Customer(customer.getId(), customer.getFirstName(), customer.getLastName()));
    }

    /**
     * Content was checked when the ticket came in; should it still not parse, the ticket shows without it. The log
     * line says which ticket, not what the parser saw: a ticket's content is never logged.
     */
    private static JsonNode content(final TicketCreated ticket, final JsonMapper json) {
        try {
            return json.readTree(ticket.getContent());
        } catch (JacksonException e) {
            try (LogContext.Scope about = LogContext.put(LogContext.TICKET_ID, ticket.getId())) {
                LoggerFactory.getLogger(TicketResponse.class).error("content of ticket {} is not JSON ({})",
                        ticket.getId(), e.getClass().getSimpleName());
            }
            return null;
        }
    }

    private static Long seconds(final Instant time) {
        return time == null ? null : time.getEpochSecond();
    }
}
