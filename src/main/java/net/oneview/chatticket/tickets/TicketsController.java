package net.oneview.chatticket.tickets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.web.AgentAccess;
import net.oneview.chatticket.web.ApiErrors;
import net.oneview.chatticket.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The agent's tickets, most urgent first (as configured), then by assignment time. */
@Tag(name = "tickets", description = "The tickets assigned to an agent")
@RestController
class TicketsController {

    private final AgentViews views;
    private final AgentAccess access;
    private final TicketList list;

    TicketsController(final AgentViews views, final AgentAccess access, final TicketList list) {
        this.views = views;
        this.access = access;
        this.list = list;
    }

    @Operation(summary = "The tickets assigned to the agent, most urgent first",
            description = "404 for an agent never seen, [] for a known agent without tickets.")
    @ApiErrors({400, 401, 403, 404, 500, 503})
    @GetMapping("/v1/{agentID}/tickets")
    List<TicketResponse> tickets(@PathVariable("agentID") final String agentId,
            @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization) {
        final String agent = access.require(agentId, token);
        final AgentView view = views.find(agent, authorization)
                .orElseThrow(() -> ApiException.notFound("agent " + agent + " never seen"));
        return list.of(view);
    }
}
