package net.oneview.chatticket.agent;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where an agent's name, queues and capacity come from ({@code chat-ticket.agents.*}): token claims when present,
 * otherwise the defaults. No default queues means the agent serves every queue. A capacity above the maximum is
 * refused (400): an agent coming online takes that many tickets in one transaction. {@code channels} are the
 * channels a capacity claim may give a count for (tickets' {@code channel}); a claim naming another is refused.
 */
@ConfigurationProperties("chat-ticket.agents")
public record AgentProperties(String nameClaim, String queuesClaim, String capacityClaim,
        List<String> defaultQueues, int defaultCapacity, int maxCapacity, List<String> channels) {

    /** The channels when none are configured. */
    static final List<String> DEFAULT_CHANNELS = List.of("chat", "email", "voice", "sms", "social");

    public AgentProperties {
        defaultQueues = defaultQueues == null ? List.of() : List.copyOf(defaultQueues);
        channels = channels == null || channels.isEmpty() ? DEFAULT_CHANNELS
                : channels.stream().map(String::trim).filter(channel -> !channel.isEmpty()).distinct().toList();
        if (defaultCapacity > maxCapacity) {
            throw new IllegalArgumentException("chat-ticket.agents.default-capacity " + defaultCapacity
                    + " is above chat-ticket.agents.max-capacity " + maxCapacity);
        }
        for (final String channel : channels) {
            if (!channel.equals(channel.toLowerCase(Locale.ROOT)) || channel.contains(":")) {
                throw new IllegalArgumentException("chat-ticket.agents.channels: '" + channel
                        + "' must be lower case, without ':'");
            }
        }
    }
}
