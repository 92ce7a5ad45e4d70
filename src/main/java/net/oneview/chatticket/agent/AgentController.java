package net.oneview.chatticket.agent;

import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.web.AgentAccess;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code PUT /v1/{agentID}/online} and {@code /offline}: the agent starts or stops receiving tickets. */
@RestController
class AgentController {

    private final AgentStatusService service;
    private final AgentAccess access;

    AgentController(final AgentStatusService service, final AgentAccess access) {
        this.service = service;
        this.access = access;
    }

    @PutMapping("/v1/{agentID}/online")
    AgentInfo online(@PathVariable("agentID") final String agentId, @AuthenticationPrincipal final Jwt token,
            @RequestHeader(HttpHeaders.AUTHORIZATION) final String authorization) {
        return change(agentId, AgentStatus.ONLINE, token, authorization);
    }

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
