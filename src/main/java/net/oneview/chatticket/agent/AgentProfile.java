package net.oneview.chatticket.agent;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.web.ApiException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An agent's name, queues and capacity: what its own token says, with the configured defaults for what it does not
 * say. A supervisor acting for an agent leaves the agent's profile as it is.
 */
record AgentProfile(String name, List<String> queues, int capacity) {

    /** @throws ApiException 400 when the token's capacity is above the configured maximum */
    static AgentProfile of(final Jwt token, final AgentProperties settings) {
        final int capacity = capacity(token.getClaims().get(settings.capacityClaim()), settings.defaultCapacity());
        if (capacity > settings.maxCapacity()) {
            throw ApiException.badRequest("capacity " + capacity + " (claim '" + settings.capacityClaim()
                    + "') is above the maximum of " + settings.maxCapacity());
        }
        return new AgentProfile(token.getClaimAsString(settings.nameClaim()),
                queues(token.getClaims().get(settings.queuesClaim()), settings.defaultQueues()), capacity);
    }

    /** The profile the agent already has: what a supervisor acting for the agent keeps. */
    static AgentProfile of(final AgentView view) {
        return new AgentProfile(view.getName(), List.copyOf(view.getQueues()), view.getCapacity());
    }

    static AgentProfile defaults(final AgentProperties settings) {
        return new AgentProfile(null, settings.defaultQueues(), settings.defaultCapacity());
    }

    private static List<String> queues(final Object claim, final List<String> fallback) {
        final List<String> queues = claim instanceof Collection<?> list ? list.stream().map(String::valueOf).toList()
                : claim instanceof String text ? Arrays.asList(text.split(","))
                : fallback;
        return queues.stream().map(String::trim).filter(queue -> !queue.isEmpty()).distinct().sorted().toList();
    }

    private static int capacity(final Object claim, final int fallback) {
        if (claim instanceof Number number && number.longValue() >= 0) {
            return (int) Math.min(number.longValue(), Integer.MAX_VALUE);
        }
        return claim instanceof String text && text.matches("\\d{1,9}") ? Integer.parseInt(text) : fallback;
    }
}
