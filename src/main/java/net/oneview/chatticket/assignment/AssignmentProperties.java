package net.oneview.chatticket.assignment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * How tickets are assigned ({@code chat-ticket.assignment.*}).
 *
 * @param priorityOrder {@code ascending}: priority 1 is the most urgent; {@code descending}: the highest number is
 * @param offlinePolicy what happens to an agent's tickets when the agent goes offline
 * @param pools pool name to the queues it decides; queues in no pool belong to the pool {@value Pools#DEFAULT_POOL}
 * @param closedTicketRetention how long a closed ticket's id is remembered, so that a late or repeated event for it
 *     changes nothing; after that it is forgotten (keeps the state from growing forever)
 */
@ConfigurationProperties("chat-ticket.assignment")
public record AssignmentProperties(PriorityOrder priorityOrder, OfflinePolicy offlinePolicy,
        Map<String, List<String>> pools, Duration closedTicketRetention) {

    @ConstructorBinding
    public AssignmentProperties {
        priorityOrder = priorityOrder == null ? PriorityOrder.ASCENDING : priorityOrder;
        offlinePolicy = offlinePolicy == null ? OfflinePolicy.KEEP : offlinePolicy;
        pools = pools == null ? Map.of() : Map.copyOf(pools);
        closedTicketRetention = closedTicketRetention == null ? Duration.ofDays(7) : closedTicketRetention;
    }

    /** The rules with the default retention of closed tickets. */
    public AssignmentProperties(final PriorityOrder priorityOrder, final OfflinePolicy offlinePolicy,
            final Map<String, List<String>> pools) {
        this(priorityOrder, offlinePolicy, pools, null);
    }

    /** Which end of the priority scale is served first. */
    public enum PriorityOrder { ASCENDING, DESCENDING }

    /** {@code KEEP}: an offline agent keeps its tickets. {@code REQUEUE}: they go back to the backlog. */
    public enum OfflinePolicy { KEEP, REQUEUE }
}
