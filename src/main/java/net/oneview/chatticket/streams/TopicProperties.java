package net.oneview.chatticket.streams;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Topic names and sizes ({@code chat-ticket.topics.*}). All topics keyed by agent id must have the same number of
 * partitions as {@code agent-status}; the service creates missing topics with {@link #partitions()}.
 * {@code poolReleases} is the service's own: pools release agents that moved to another pool through it (key = agent
 * id), back to the agent's task. {@code poolHandovers} is the service's own too: pools hand waiting tickets of queues
 * that moved to another pool back to the router through it (key = ticket id, so as many partitions as
 * {@code ticket-created}).
 */
@ConfigurationProperties("chat-ticket.topics")
public record TopicProperties(
        String ticketCreated,
        String ticketStatus,
        String agentStatus,
        String ticketAssignments,
        String deadLetters,
        String poolReleases,
        String poolHandovers,
        int partitions,
        short replicationFactor) {
}
