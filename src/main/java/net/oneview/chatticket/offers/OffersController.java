package net.oneview.chatticket.offers;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import net.oneview.chatticket.tickets.TicketResponse;
import net.oneview.chatticket.web.AgentAccess;
import net.oneview.chatticket.web.ApiErrors;
import net.oneview.chatticket.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The offers of an agent ({@code chat-ticket.offers.timeout} > 0): listed for the agent and its supervisors, answered
 * by the agent itself only.
 */
@Tag(name = "offers", description = "Tickets offered to an agent, which it accepts or declines")
@RestController
class OffersController {

    private final OfferService service;
    private final AgentAccess access;

    OffersController(final OfferService service, final AgentAccess access) {
        this.service = service;
        this.access = access;
    }

    @Operation(summary = "The tickets offered to the agent and not answered yet, the earliest to expire first",
            description = "404 for an agent never seen; [] when offers are off.")
    @ApiErrors({400, 401, 403, 404, 500, 503})
    @GetMapping("/v1/{agentID}/offers")
    List<OfferResponse> offers(@PathVariable("agentID") final String agentId,
            @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization) {
        return service.pending(access.require(agentId, token), authorization);
    }

    @Operation(summary = "The agent accepts a ticket offered to it",
            description = "200 with the Ticket once the agent's tickets list it; again 200 for a ticket accepted "
                    + "already, listed or not (closed since). 404: never offered to the agent; 409: the offer "
                    + "expired, was declined or withdrawn, or the accepted ticket was taken back.")
    @ApiErrors({400, 401, 403, 404, 409, 500, 503})
    @PostMapping("/v1/{agentID}/offers/{ticketId}/accept")
    TicketResponse accept(@PathVariable("agentID") final String agentId,
            @PathVariable("ticketId") final String ticketId, @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization) {
        return service.accept(ownAgent(agentId, token), ticketId, authorization);
    }

    @Operation(summary = "The agent declines a ticket offered to it; the ticket goes to the next eligible agent",
            description = "200 with the declined Ticket. 404: never offered to the agent; 409: the offer is not "
                    + "pending any more (expired, declined, accepted or withdrawn). The reason: at most 500 "
                    + "characters.")
    @ApiErrors({400, 401, 403, 404, 409, 500, 503})
    @PostMapping("/v1/{agentID}/offers/{ticketId}/decline")
    TicketResponse decline(@PathVariable("agentID") final String agentId,
            @PathVariable("ticketId") final String ticketId,
            @RequestBody(required = false) final DeclineRequest body, @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization) {
        final String agent = ownAgent(agentId, token);
        final String reason = body == null ? null : body.reason();
        if (reason != null && reason.length() > DeclineRequest.MAX) {
            throw ApiException.badRequest("reason is longer than " + DeclineRequest.MAX + " characters");
        }
        return service.decline(agent, ticketId, reason, authorization);
    }

    /** Only the agent answers its offers: a supervisor reads them, and does not take tickets for it. */
    private String ownAgent(final String agentId, final Jwt token) {
        final String agent = access.agentId(agentId);
        if (!access.isOwnToken(agent, token)) {
            throw new AccessDeniedException("only agent " + agent + " answers its offers");
        }
        return agent;
    }
}
