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
 * @param arrivalWindow how long a new ticket that could be assigned waits for others that arrive with it, so that
 *     the most urgent of them get the free capacity; zero decides each ticket the moment it arrives
 * @param catchUpHold a pool's first held tickets since its task started (a start, a deployment, a rebalance) wait
 *     until nothing new has been read for this long (at most {@value ArrivalClock#FIRST_DRAIN_LIMIT} times this long):
 *     a backlog, or a burst that a cold pipeline delivers in pieces, then competes whole
 * @param drainLimit the most held tickets one drain decides; more wait for the next one, so that a large backlog
 *     read at start-up is decided in bounded steps (heap, transaction size) rather than at once
 * @param agingStep waiting this long counts as one priority level; zero or absent: no aging
 * @param poolAgingStep the aging step of single pools, overriding {@code agingStep}
 * @param decisionRetention how long each ticket's decisions stay readable at {@code /v1/tickets/{id}/decisions}
 * @param wrapUp how long an agent keeps the slot of a ticket it closed, to wrap it up (or until it says it is ready);
 *     zero (the default): the slot is free at once
 * @param queueWrapUp the wrap-up of single queues' tickets, overriding {@code wrapUp}
 * @param maxTicketChars the most characters a ticket's text fields may hold together; a larger ticket is rejected,
 *     so that every record carrying it stays under the producer's request limit (1 MB: 3 bytes a character at worst)
 */
@ConfigurationProperties("chat-ticket.assignment")
public record AssignmentProperties(PriorityOrder priorityOrder, OfflinePolicy offlinePolicy,
        Map<String, List<String>> pools, Duration closedTicketRetention, Duration arrivalWindow, Duration catchUpHold,
        Duration agingStep, Map<String, Duration> poolAgingStep, Duration decisionRetention, Integer maxTicketChars,
        Integer drainLimit, Duration wrapUp, Map<String, Duration> queueWrapUp) {

    /** The longest aging step: longer steps would make no practical difference and could overflow a rank. */
    public static final Duration MAX_AGING_STEP = Duration.ofDays(7);
    /** The default and highest ticket size: 768 KB of UTF-8 at worst, room to spare under 1 MB. */
    public static final int DEFAULT_MAX_TICKET_CHARS = 256 * 1024;
    /** The longest wrap-up: a slot kept longer than any chat lasts is a slot lost. */
    public static final Duration MAX_WRAP_UP = Duration.ofHours(1);

    @ConstructorBinding
    public AssignmentProperties {
        priorityOrder = priorityOrder == null ? PriorityOrder.ASCENDING : priorityOrder;
        offlinePolicy = offlinePolicy == null ? OfflinePolicy.KEEP : offlinePolicy;
        pools = pools == null ? Map.of() : Map.copyOf(pools);
        closedTicketRetention = closedTicketRetention == null ? Duration.ofDays(7) : closedTicketRetention;
        arrivalWindow = arrivalWindow == null ? Duration.ofMillis(100) : arrivalWindow;
        catchUpHold = catchUpHold == null ? Duration.ofSeconds(1) : catchUpHold;
        agingStep = agingStep == null ? Duration.ZERO : agingStep;
        poolAgingStep = poolAgingStep == null ? Map.of() : Map.copyOf(poolAgingStep);
        decisionRetention = decisionRetention == null ? Duration.ofDays(7) : decisionRetention;
        maxTicketChars = maxTicketChars == null ? DEFAULT_MAX_TICKET_CHARS : maxTicketChars;
        if (maxTicketChars < 1 || maxTicketChars > DEFAULT_MAX_TICKET_CHARS) {
            throw new IllegalArgumentException("chat-ticket.assignment.max-ticket-chars must be between 1 and "
                    + DEFAULT_MAX_TICKET_CHARS + " (the producer's 1 MB request limit), not " + maxTicketChars);
        }
        drainLimit = drainLimit == null ? 1_000 : drainLimit;
        if (drainLimit < 1 || drainLimit > 100_000) {
            throw new IllegalArgumentException("chat-ticket.assignment.drain-limit must be between 1 and 100000, not "
                    + drainLimit);
        }
        wrapUp = wrapUp == null ? Duration.ZERO : wrapUp;
        queueWrapUp = queueWrapUp == null ? Map.of() : Map.copyOf(queueWrapUp);
        requireBetween("wrap-up", wrapUp, Duration.ZERO, MAX_WRAP_UP);
        queueWrapUp.forEach((queue, time) -> requireBetween("queue-wrap-up." + queue, time, Duration.ZERO,
                MAX_WRAP_UP));
        requireBetween("arrival-window", arrivalWindow, Duration.ZERO, Duration.ofSeconds(10));
        requireBetween("catch-up-hold", catchUpHold, Duration.ofMillis(1), Duration.ofMinutes(1));
        requireBetween("aging-step", agingStep, Duration.ZERO, MAX_AGING_STEP);
        poolAgingStep.forEach((pool, step) -> requireBetween("pool-aging-step." + pool, step, Duration.ZERO, MAX_AGING_STEP));
    }

    /** The rules with the defaults for everything but these. */
    public AssignmentProperties(final PriorityOrder priorityOrder, final OfflinePolicy offlinePolicy,
            final Map<String, List<String>> pools) {
        this(priorityOrder, offlinePolicy, pools, null, null, null, null, null, null, null, null, null, null);
    }

    /** The rules with the defaults for everything but these. */
    public AssignmentProperties(final PriorityOrder priorityOrder, final OfflinePolicy offlinePolicy,
            final Map<String, List<String>> pools, final Duration closedTicketRetention) {
        this(priorityOrder, offlinePolicy, pools, closedTicketRetention, null, null, null, null, null, null, null, null,
                null);
    }

    /** Every rule at its default. */
    public static AssignmentProperties defaults() {
        return new AssignmentProperties(null, null, null);
    }

    public AssignmentProperties withArrivalWindow(final Duration window) {
        return new AssignmentProperties(priorityOrder, offlinePolicy, pools, closedTicketRetention, window,
                catchUpHold, agingStep, poolAgingStep, decisionRetention, maxTicketChars, drainLimit, wrapUp,
                queueWrapUp);
    }

    public AssignmentProperties withAgingStep(final Duration step) {
        return new AssignmentProperties(priorityOrder, offlinePolicy, pools, closedTicketRetention, arrivalWindow,
                catchUpHold, step, poolAgingStep, decisionRetention, maxTicketChars, drainLimit, wrapUp,
                queueWrapUp);
    }

    public AssignmentProperties withMaxTicketChars(final int chars) {
        return new AssignmentProperties(priorityOrder, offlinePolicy, pools, closedTicketRetention, arrivalWindow,
                catchUpHold, agingStep, poolAgingStep, decisionRetention, chars, drainLimit, wrapUp,
                queueWrapUp);
    }

    public AssignmentProperties withDrainLimit(final int limit) {
        return new AssignmentProperties(priorityOrder, offlinePolicy, pools, closedTicketRetention, arrivalWindow,
                catchUpHold, agingStep, poolAgingStep, decisionRetention, maxTicketChars, limit, wrapUp,
                queueWrapUp);
    }

    public AssignmentProperties withWrapUp(final Duration wrap) {
        return new AssignmentProperties(priorityOrder, offlinePolicy, pools, closedTicketRetention, arrivalWindow,
                catchUpHold, agingStep, poolAgingStep, decisionRetention, maxTicketChars, drainLimit, wrap,
                queueWrapUp);
    }

    /** The wrap-up of the queue's closed tickets; zero: none. */
    public Duration wrapUp(final String queue) {
        return queueWrapUp.getOrDefault(queue, wrapUp);
    }

    /** The aging step of the pool; zero: no aging. */
    public Duration agingStep(final String pool) {
        return poolAgingStep.getOrDefault(pool, agingStep);
    }

    /** Whether new tickets wait for the arrival window before they are decided. */
    public boolean holdsArrivals() {
        return !arrivalWindow.isZero();
    }

    private static void requireBetween(final String name, final Duration value, final Duration min, final Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("chat-ticket.assignment." + name + " must be between " + min + " and "
                    + max + ", not " + value);
        }
    }

    /** Which end of the priority scale is served first. */
    public enum PriorityOrder { ASCENDING, DESCENDING }

    /** {@code KEEP}: an offline agent keeps its tickets. {@code REQUEUE}: they go back to the backlog. */
    public enum OfflinePolicy { KEEP, REQUEUE }
}
