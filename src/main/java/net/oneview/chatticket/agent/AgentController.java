package net.oneview.chatticket.agent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.web.AgentAccess;
import net.oneview.chatticket.web.ApiException;
import net.oneview.chatticket.web.ApiErrors;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /v1/{agentID}/online} and {@code /offline}: the agent starts or stops receiving tickets; {@code POST
 * /v1/{agentID}/ready}: it ends its wrap-ups.
 */
@Tag(name = "agents", description = "Agents go online and offline")
@RestController
class AgentController {

    /** The one value of PUT offline's {@code after}: go offline once the last ticket is closed. */
    static final String AFTER_CURRENT_TICKETS = "current-tickets";

    private final AgentStatusService service;
    private final AgentAccess access;

    AgentController(final AgentStatusService service, final AgentAccess access) {
        this.service = service;
        this.access = access;
    }

    @Operation(summary = "The agent goes online and begins to receive tickets",
            description = "200 once the broker has the agent-status event; repeating it is harmless.")
    @ApiErrors({400, 401, 403, 404, 500, 503})
    @PutMapping("/v1/{agentID}/online")
    AgentInfo online(@PathVariable("agentID") final String agentId, @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization) {
        return change(agentId, AgentStatus.ONLINE, token, authorization);
    }

    @Operation(summary = "The agent goes offline and stops receiving tickets",
            description = "404 for an agent never seen. With after=current-tickets the agent gets no new tickets or "
                    + "offers and goes offline by itself once its last ticket is closed (agent-status then says "
                    + "OFFLINE); PUT online cancels it.")
    @ApiErrors({400, 401, 403, 404, 500, 503})
    @PutMapping("/v1/{agentID}/offline")
    AgentInfo offline(@PathVariable("agentID") final String agentId,
            @RequestParam(name = "after", required = false) final String after,
            @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization) {
        if (after != null && !AFTER_CURRENT_TICKETS.equals(after)) {
            throw ApiException.badRequest("after must be " + AFTER_CURRENT_TICKETS + ", not '" + after + "'");
        }
        final String agent = access.require(agentId, token);
        return service.change(agent, AgentStatus.OFFLINE, after != null, token, access.isOwnToken(agent, token),
                authorization);
    }

    @Operation(summary = "The agent ends its wrap-ups and is ready for new tickets",
            description = "The slots that closed tickets kept for wrap-up (chat-ticket.assignment.wrap-up) are free "
                    + "at once. 200 with the agent; 404 for an agent never seen.")
    @ApiErrors({400, 401, 403, 404, 500, 503})
    @PostMapping("/v1/{agentID}/ready")
    AgentInfo ready(@PathVariable("agentID") final String agentId, @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization) {
        return service.ready(access.require(agentId, token), authorization);
    }

    private AgentInfo change(final String agentId, final AgentStatus status, final Jwt token, final String authorization) {
        final String agent = access.require(agentId, token);
        return service.change(agent, status, token, access.isOwnToken(agent, token), authorization);
    }
}
