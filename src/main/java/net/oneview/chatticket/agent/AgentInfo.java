package net.oneview.chatticket.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.state.AgentView;

/**
 * The blueprint's AgentInfo. Times are epoch seconds; {@code agentTimeInStatus} is how many seconds the agent has
 * been in its current status. Two fields beyond the blueprint, left out when empty, so that an agent whose token
 * gives neither levels nor a capacity per channel gets the blueprint's answer exactly: {@code queueLevels} (every
 * queue with its level, once one queue is above the lowest) and {@code channelCapacity}.
 */
public record AgentInfo(
        @Schema(description = "agent id", requiredMode = Schema.RequiredMode.REQUIRED) String id,
        @Schema(description = "agent name") String name,
        @Schema(description = "time at which the agent went online last, epoch seconds") Long lastLoginTime,
        @Schema(description = "time at which the agent's status changed last, epoch seconds") Long updatedAt,
        @Schema(description = "seconds in the current status") long agentTimeInStatus,
        @Schema(description = "the agent's level in each of its queues, 1 to 5 (the best); absent when every queue "
                + "is at level 1")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> queueLevels,
        @Schema(description = "how many open tickets of each channel the agent holds at most; absent when its "
                + "capacity counts every channel together")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> channelCapacity) {

    static AgentInfo of(final AgentStatusChanged event, final Instant now) {
        return new AgentInfo(event.getAgentId(), event.getName(), seconds(event.getLastLoginTime()),
                seconds(event.getTime()), Duration.between(event.getStatusSince(), now).toSeconds(),
                levels(event.getQueueLevels()), sorted(event.getChannelCapacity()));
    }

    /** The agent as its task's store has it (the status it last changed to). */
    static AgentInfo of(final AgentView view, final Instant now) {
        return new AgentInfo(view.getAgentId(), view.getName(), seconds(view.getLastLoginTime()),
                seconds(view.getUpdatedAt()), view.getStatusSince() == null ? 0
                        : Duration.between(view.getStatusSince(), now).toSeconds(),
                levels(view.getQueueLevels()), sorted(view.getChannelCapacity()));
    }

    private static Long seconds(final Instant time) {
        return time == null ? null : time.getEpochSecond();
    }

    /** Levels that say nothing beyond the lowest (every queue at 1, as before levels) are left out. */
    private static SortedMap<String, Integer> levels(final Map<String, Integer> levels) {
        final boolean above = levels != null
                && levels.values().stream().anyMatch(level -> level != QueueLevels.LOWEST);
        return above ? sorted(levels) : new TreeMap<>();
    }

    private static SortedMap<String, Integer> sorted(final Map<String, Integer> map) {
        return map == null ? new TreeMap<>() : new TreeMap<>(map);
    }
}
