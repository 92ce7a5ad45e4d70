package net.oneview.chatticket.offers;

import io.swagger.v3.oas.annotations.media.Schema;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.tickets.TicketResponse;
import tools.jackson.databind.json.JsonMapper;

/** A pending offer, as {@code GET /v1/{agentID}/offers} lists it. */
@Schema(name = "Offer")
public record OfferResponse(
        @Schema(description = "the ticket offered (not yet the agent's: no assignedTime)",
                requiredMode = Schema.RequiredMode.REQUIRED) TicketResponse ticket,
        @Schema(description = "when the ticket was offered, epoch seconds") long offeredAt,
        @Schema(description = "when the offer expires unless accepted or declined, epoch seconds") long expiresAt) {

    static OfferResponse of(final TicketAssignment offer, final JsonMapper json) {
        return new OfferResponse(OfferResponse.ticket(offer, json), offer.getTime().getEpochSecond(),
                offer.getOfferExpiresAt().getEpochSecond());
    }

    static TicketResponse ticket(final TicketAssignment offer, final JsonMapper json) {
        return TicketResponse.offered(offer.getTicket(), offer.getTicketStatus(), offer.getStatusReason(), json);
    }
}
