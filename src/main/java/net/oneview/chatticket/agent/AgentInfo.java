package net.oneview.chatticket.agent;

import java.time.Duration;
import java.time.Instant;
import net.oneview.chatticket.events.AgentStatusChanged;

/**
 * The blueprint's AgentInfo. Times are epoch seconds; {@code agentTimeInStatus} is how many seconds the agent has
 * been in its current status.
 */
public record AgentInfo(String id, String name, Long lastLoginTime, Long updatedAt, long agentTimeInStatus) {

    static AgentInfo of(final AgentStatusChanged event, final Instant now) {
        return new AgentInfo(event.getAgentId(), event.getName(), seconds(event.getLastLoginTime()),
                seconds(event.getTime()), Duration.between(event.getStatusSince(), now).toSeconds());
    }

    private static Long seconds(final Instant time) {
        return time == null ? null : time.getEpochSecond();
    }
}
