package net.oneview.chatticket.streams;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on topics that would silently break the topology: tickets are routed by ticket id, so
 * ticket-created, ticket-status, ticket-assignments (read back by the same tasks) and the pools' handovers need the
 * same partition count; agents are kept by agent id
 * next to decisions re-keyed into {@code partitions} partitions, so agent-status needs exactly that many.
 */
@Component
@Order(1)
class PartitionCheck implements StartCheck {

    private final KafkaAdmin admin;
    private final TopicProperties topics;

    PartitionCheck(final KafkaAdmin admin, final TopicProperties topics) {
        this.admin = admin;
        this.topics = topics;
    }

    @Override
    public void verify() {
        final Map<String, Integer> partitions = new TreeMap<>(admin
                .describeTopics(topics.ticketCreated(), topics.ticketStatus(), topics.ticketAssignments(),
                        topics.agentStatus(), topics.poolReleases(), topics.poolHandovers())
                .values().stream()
                .collect(Collectors.toMap(TopicDescription::name, description -> description.partitions().size())));
        if (!partitions.get(topics.ticketCreated()).equals(partitions.get(topics.ticketStatus()))) {
            throw new IllegalStateException(topics.ticketCreated() + " and " + topics.ticketStatus()
                    + " must have the same number of partitions (both are keyed by ticket id): " + partitions);
        }
        if (!partitions.get(topics.ticketCreated()).equals(partitions.get(topics.ticketAssignments()))) {
            throw new IllegalStateException(topics.ticketAssignments() + " must have as many partitions as "
                    + topics.ticketCreated() + " (both are keyed by ticket id, read by the same tasks): " + partitions);
        }
        if (!partitions.get(topics.ticketCreated()).equals(partitions.get(topics.poolHandovers()))) {
            throw new IllegalStateException(topics.poolHandovers() + " must have as many partitions as "
                    + topics.ticketCreated() + " (both are keyed by ticket id); create it so: " + partitions);
        }
        if (partitions.get(topics.agentStatus()) != topics.partitions()) {
            throw new IllegalStateException(topics.agentStatus() + " must have chat-ticket.topics.partitions="
                    + topics.partitions() + " partitions, like the agents' re-keyed decisions: " + partitions);
        }
        if (partitions.get(topics.poolReleases()) != topics.partitions()) {
            throw new IllegalStateException(topics.poolReleases() + " must have chat-ticket.topics.partitions="
                    + topics.partitions() + " partitions, like agent-status: " + partitions);
        }
    }
}
