package net.oneview.chatticket.agent;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where an agent's name, queues and capacity come from ({@code chat-ticket.agents.*}): token claims when present,
 * otherwise the defaults. No default queues means the agent serves every queue. A capacity above the maximum is
 * refused (400): an agent coming online takes that many tickets in one transaction.
 */
@ConfigurationProperties("chat-ticket.agents")
public record AgentProperties(String nameClaim, String queuesClaim, String capacityClaim,
        List<String> defaultQueues, int defaultCapacity, int maxCapacity) {

    public AgentProperties {
        defaultQueues = defaultQueues == null ? List.of() : List.copyOf(defaultQueues);
        if (defaultCapacity > maxCapacity) {
            throw new IllegalArgumentException("chat-ticket.agents.default-capacity " + defaultCapacity
                    + " is above chat-ticket.agents.max-capacity " + maxCapacity);
        }
    }
}
