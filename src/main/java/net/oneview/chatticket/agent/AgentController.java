package net.oneview.chatticket.agent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.web.AgentAccess;
import net.oneview.chatticket.web.ApiErrors;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code PUT /v1/{agentID}/online} and {@code /offline}: the agent starts or stops receiving tickets. */
@Tag(name = "agents", description = "Agents go online and offline")
@RestController
class AgentController {

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
            description = "404 for an agent never seen.")
    @ApiErrors({400, 401, 403, 404, 500, 503})
    @PutMapping("/v1/{agentID}/offline")
    AgentInfo offline(@PathVariable("agentID") final String agentId, @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization) {
        return change(agentId, AgentStatus.OFFLINE, token, authorization);
    }

    private AgentInfo change(final String agentId, final AgentStatus status, final Jwt token, final String authorization) {
        final String agent = access.require(agentId, token);
        return service.change(agent, status, token, access.isOwnToken(agent, token), authorization);
    }
}
