package net.oneview.chatticket.agent;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where an agent's name, queues and capacity come from ({@code chat-ticket.agents.*}): token claims when present,
 * otherwise the defaults. No default queues means the agent serves every queue.
 */
@ConfigurationProperties("chat-ticket.agents")
public record AgentProperties(String nameClaim, String queuesClaim, String capacityClaim,
        List<String> defaultQueues, int defaultCapacity) {

    public AgentProperties {
        defaultQueues = defaultQueues == null ? List.of() : List.copyOf(defaultQueues);
    }
}
