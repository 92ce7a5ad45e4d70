package net.oneview.chatticket.agent;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.state.AgentView;

/**
 * The blueprint's AgentInfo. Times are epoch seconds; {@code agentTimeInStatus} is how many seconds the agent has
 * been in its current status.
 */
public record AgentInfo(
        @Schema(description = "agent id", requiredMode = Schema.RequiredMode.REQUIRED) String id,
        @Schema(description = "agent name") String name,
        @Schema(description = "time at which the agent went online last, epoch seconds") Long lastLoginTime,
        @Schema(description = "time at which the agent's status changed last, epoch seconds") Long updatedAt,
        @Schema(description = "seconds in the current status") long agentTimeInStatus) {

    static AgentInfo of(final AgentStatusChanged event, final Instant now) {
        return new AgentInfo(event.getAgentId(), event.getName(), seconds(event.getLastLoginTime()),
                seconds(event.getTime()), Duration.between(event.getStatusSince(), now).toSeconds());
    }

    /** The agent as its task's store has it (the status it last changed to). */
    static AgentInfo of(final AgentView view, final Instant now) {
        return new AgentInfo(view.getAgentId(), view.getName(), seconds(view.getLastLoginTime()),
                seconds(view.getUpdatedAt()), view.getStatusSince() == null ? 0
                        : Duration.between(view.getStatusSince(), now).toSeconds());
    }

    private static Long seconds(final Instant time) {
        return time == null ? null : time.getEpochSecond();
    }
}
