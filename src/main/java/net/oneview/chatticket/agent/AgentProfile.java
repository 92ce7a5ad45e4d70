package net.oneview.chatticket.agent;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import net.oneview.chatticket.assignment.Pools;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.web.ApiException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An agent's name, queues and capacity: what its own token says, with the configured defaults for what it does not
 * say. A supervisor acting for an agent leaves the agent's profile as it is.
 */
record AgentProfile(String name, List<String> queues, int capacity) {

    /**
     * @throws ApiException 400 when the token's capacity is above the configured maximum, or a queue it names cannot
     *     be a queue ('*', or holding the control character the indexes use)
     */
    static AgentProfile of(final Jwt token, final AgentProperties settings) {
        final int capacity = capacity(token.getClaims().get(settings.capacityClaim()), settings.defaultCapacity());
        if (capacity > settings.maxCapacity()) {
            throw ApiException.badRequest("capacity " + capacity + " (claim '" + settings.capacityClaim()
                    + "') is above the maximum of " + settings.maxCapacity());
        }
        final List<String> queues = queues(token.getClaims().get(settings.queuesClaim()), settings.defaultQueues());
        requireQueueNames(queues, settings);
        return new AgentProfile(token.getClaimAsString(settings.nameClaim()), queues, capacity);
    }

    /** Refused here, or the agent's status event would be a dead letter and the PUT would change nothing. */
    private static void requireQueueNames(final List<String> queues, final AgentProperties settings) {
        for (final String queue : queues) {
            if (!Pools.isQueueName(queue)) {
                throw ApiException.badRequest("queue '" + queue + "' (claim '" + settings.queuesClaim()
                        + "') is not a queue name");
            }
        }
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
