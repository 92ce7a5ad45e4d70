package net.oneview.chatticket.agent;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import net.oneview.chatticket.assignment.Pools;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.web.ApiException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An agent's name, queues and capacity: what its own token says, with the configured defaults for what it does not
 * say. A supervisor acting for an agent leaves the agent's profile as it is.
 *
 * @param queues the queues' names, sorted, each once (what agent-status has always carried)
 * @param queueLevels every queue of {@code queues} with the agent's level in it ({@value QueueLevels#LOWEST} when not
 *     given)
 * @param capacity over every channel: the sum of {@code channelCapacity} when that is given
 * @param channelCapacity the capacity of each channel, when the token gives it per channel; else empty
 */
record AgentProfile(String name, List<String> queues, SortedMap<String, Integer> queueLevels, int capacity,
        SortedMap<String, Integer> channelCapacity) {

    AgentProfile {
        queues = List.copyOf(queues);
        final SortedMap<String, Integer> levels = new TreeMap<>();
        for (final String queue : queues) {
            levels.put(queue, queueLevels.getOrDefault(queue, QueueLevels.LOWEST));
        }
        queueLevels = Collections.unmodifiableSortedMap(levels);
        channelCapacity = Collections.unmodifiableSortedMap(new TreeMap<>(channelCapacity));
    }

    /** Queues at the lowest level, one capacity for every channel. */
    AgentProfile(final String name, final List<String> queues, final int capacity) {
        this(name, queues, new TreeMap<>(), capacity, new TreeMap<>());
    }

    /**
     * @throws ApiException 400 when the token's capacity is above the configured maximum or cannot be read as counts
     *     per channel, or a queue entry has a level outside 1 to 5 or names something that cannot be a queue ('*',
     *     or holding the control character the indexes use)
     */
    static AgentProfile of(final Jwt token, final AgentProperties settings) {
        final ChannelCapacity capacity = ChannelCapacity.of(token.getClaims().get(settings.capacityClaim()), settings);
        final SortedMap<String, Integer> levels = QueueLevels.of(token.getClaims().get(settings.queuesClaim()),
                settings.defaultQueues(), settings.queuesClaim());
        final List<String> queues = List.copyOf(levels.keySet());
        requireQueueNames(queues, settings);
        return new AgentProfile(token.getClaimAsString(settings.nameClaim()), queues, levels, capacity.total(),
                capacity.perChannel());
    }

    /** Refused here, or the agent's status event would be a dead letter and the PUT would change nothing. */
    private static void requireQueueNames(final List<String> queues, final AgentProperties settings) {
        for (final String queue : queues) {
            if (!Pools.isQueueName(queue)) {
                throw ApiException.badClaim("queue '" + queue + "' (claim '" + settings.queuesClaim()
                        + "') is not a queue name");
            }
        }
    }

    /** The profile the agent already has: what a supervisor acting for the agent keeps. */
    static AgentProfile of(final AgentView view) {
        return new AgentProfile(view.getName(), view.getQueues(), sorted(view.getQueueLevels()), view.getCapacity(),
                sorted(view.getChannelCapacity()));
    }

    static AgentProfile defaults(final AgentProperties settings) {
        return new AgentProfile(null, settings.defaultQueues(), settings.defaultCapacity());
    }

    /** A map read from a store (null in an entry made before the field was set). */
    private static SortedMap<String, Integer> sorted(final Map<String, Integer> map) {
        return map == null ? new TreeMap<>() : new TreeMap<>(map);
    }
}
