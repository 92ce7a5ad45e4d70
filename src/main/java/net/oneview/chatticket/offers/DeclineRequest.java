package net.oneview.chatticket.offers;

import io.swagger.v3.oas.annotations.media.Schema;

/** The optional body of a decline. */
@Schema(name = "Decline")
record DeclineRequest(
        @Schema(description = "why the agent declines, kept in the ticket's decisions", maxLength = DeclineRequest.MAX)
        String reason) {

    static final int MAX = 500;
}
