package net.oneview.chatticket.decisions;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.state.TicketDecisions;
import net.oneview.chatticket.streams.InputCheck;
import net.oneview.chatticket.web.AgentAccess;
import net.oneview.chatticket.web.ApiErrors;
import net.oneview.chatticket.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A ticket's decisions in order, for supervisors ({@code GET /v1/tickets/{ticketId}/decisions}), and the internal
 * endpoint through which the instance holding a ticket's partition answers the others.
 */
@Tag(name = "decisions", description = "Why each ticket went where it went (supervisors)")
@RestController
class DecisionsController {

    /** On an answer that leaves out earlier decisions kept for the ticket: it shows the newest only. */
    static final String TRUNCATED_HEADER = "Chat-Ticket-Decisions-Truncated";

    private final DecisionHistory history;
    private final InteractiveQueries queries;
    private final AgentAccess access;

    DecisionsController(final DecisionHistory history, final InteractiveQueries queries, final AgentAccess access) {
        this.history = history;
        this.queries = queries;
        this.access = access;
    }

    @Operation(summary = "A ticket's newest assignment decisions, in order (supervisors only)",
            description = "Needs the supervisor scope (403 otherwise); 404 when no decision is kept for the ticket. "
                    + "At most chat-ticket.decisions.max-shown (100) decisions, the newest; when earlier ones are "
                    + "kept and left out, the answer carries the header " + TRUNCATED_HEADER + ": true.")
    @ApiErrors({400, 401, 403, 404, 500, 503})
    @GetMapping("/v1/tickets/{ticketId}/decisions")
    List<DecisionResponse> decisions(@PathVariable("ticketId") final String ticketId,
            @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization,
            final HttpServletResponse response) {
        access.requireSupervisor(token);
        check(ticketId);
        final TicketDecisions kept = history.find(ticketId, authorization)
                .orElseThrow(() -> ApiException.notFound("no decisions kept for ticket " + ticketId));
        if (kept.getEarlierOmitted()) {
            response.setHeader(TRUNCATED_HEADER, "true");
        }
        return kept.getDecisions().stream().map(DecisionResponse::of).toList();
    }

    @GetMapping(value = InteractiveQueries.INTERNAL_PATH + DecisionHistory.STORE + "/{ticketId}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    String local(@PathVariable("ticketId") final String ticketId,
            @RequestParam(name = "standby", defaultValue = "false") final boolean standby,
            @AuthenticationPrincipal final Jwt token) {
        access.requireSupervisor(token);
        check(ticketId);
        return history.findLocal(ticketId, standby).map(InteractiveQueries::toJson)
                .orElseThrow(() -> ApiException.notFound("no decisions kept for ticket " + ticketId));
    }

    private static void check(final String ticketId) {
        if (ticketId.isBlank() || ticketId.length() > InputCheck.MAX_ID_CHARS || ticketId.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("not a ticket id: " + ticketId);
        }
    }
}
