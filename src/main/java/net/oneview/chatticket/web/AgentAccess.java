package net.oneview.chatticket.web;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** Checks that a path's agent id is a UUID (400) and that the token may act for that agent, or supervise (403). */
@Component
public class AgentAccess {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final SecurityProperties security;

    public AgentAccess(final SecurityProperties security) {
        this.security = security;
    }

    /** @return the agent id in its canonical form (lower-case UUID) */
    public String require(final String agentId, final Jwt token) {
        final String agent = agentId(agentId);
        if (!isOwnToken(agent, token) && !isSupervisor(token)) {
            throw new AccessDeniedException("token is not for agent " + agent);
        }
        return agent;
    }

    /** The agent id in its canonical form (lower-case UUID); 400 if it is not a UUID. */
    public String agentId(final String agentId) {
        final String agent = canonical(agentId);
        if (agent == null) {
            throw ApiException.badRequest("agentID is not a UUID: " + agentId);
        }
        return agent;
    }

    /** Whether the token is the agent's own (not a supervisor's acting for it). */
    public boolean isOwnToken(final String agentId, final Jwt token) {
        return agentId.equals(canonical(token.getClaimAsString(security.subjectClaim())));
    }

    /** 403 unless the token has the supervisor scope. */
    public void requireSupervisor(final Jwt token) {
        if (!isSupervisor(token)) {
            throw new AccessDeniedException("token lacks the scope " + security.supervisorScope());
        }
    }

    private boolean isSupervisor(final Jwt token) {
        final Object scopes = token.getClaims().getOrDefault("scope", token.getClaims().get("scp"));
        final List<String> granted = scopes instanceof String text ? List.of(text.split(" "))
                : scopes instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        return granted.contains(security.supervisorScope());
    }

    private static String canonical(final String id) {
        return id != null && UUID_TEXT.matcher(id).matches() ? UUID.fromString(id).toString() : null;
    }
}
