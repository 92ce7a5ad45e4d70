package net.oneview.chatticket.agent;

import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.query.InternalTokens;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.web.AgentAccess;
import net.oneview.chatticket.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers other instances' interactive queries for agents this instance holds (Avro JSON of {@link AgentView}: the
 * agent's status and offers), and for the tickets agents hold in pools this instance holds (an entry with the tickets
 * only): on a caller's behalf (the caller's rights), or for an instance itself (its live streams).
 */
@RestController
class InternalAgentController {

    private final InteractiveQueries queries;
    private final AgentAccess access;
    private final InternalTokens tokens;

    InternalAgentController(final InteractiveQueries queries, final AgentAccess access, final InternalTokens tokens) {
        this.queries = queries;
        this.access = access;
        this.tokens = tokens;
    }

    @GetMapping(value = InteractiveQueries.INTERNAL_PATH + AgentViews.STORE + "/{agentID}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    String agent(@PathVariable("agentID") final String agentId,
            @RequestParam(name = "standby", defaultValue = "false") final boolean standby,
            @AuthenticationPrincipal final Jwt token) {
        final String agent = tokens.isInstance(token) ? access.agentId(agentId) : access.require(agentId, token);
        return queries.getLocal(AgentViews.STORE, agent, standby, AgentViews.local(agent))
                .map(InteractiveQueries::toJson)
                .orElseThrow(() -> ApiException.notFound("agent " + agent + " never seen"));
    }

    /** The tickets the agent holds in a pool whose partition this instance holds (its entry carries them). */
    @GetMapping(value = InteractiveQueries.INTERNAL_PATH + AssignmentProcessor.AGENTS_STORE + "/{pool}/{agentID}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    String heldInPool(@PathVariable("pool") final String pool, @PathVariable("agentID") final String agentId,
            @RequestParam(name = "standby", defaultValue = "false") final boolean standby,
            @AuthenticationPrincipal final Jwt token) {
        final String agent = tokens.isInstance(token) ? access.agentId(agentId) : access.require(agentId, token);
        return queries.getLocal(AssignmentProcessor.AGENTS_STORE, pool, standby, AgentViews.heldIn(pool, agent))
                .map(InteractiveQueries::toJson)
                .orElseThrow(() -> ApiException.notFound("agent " + agent + " never seen in pool " + pool));
    }
}
