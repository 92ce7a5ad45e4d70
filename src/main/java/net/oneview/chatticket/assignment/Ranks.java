package net.oneview.chatticket.assignment;

import java.time.Instant;
import net.oneview.chatticket.assignment.AssignmentProperties.PriorityOrder;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.state.PoolAgent;

/**
 * Index keys whose string order is the order of service: {@code queue SEP rank}, where the rank is fixed-width
 * digits. Waiting tickets: priority, then oldest createdAt, then ticket id. Agents with free capacity: most free
 * capacity, then longest wait since the last assignment (or coming online), then agent id.
 */
final class Ranks {

    /** The queue entry of agents that serve every queue, and of every waiting ticket. */
    static final String ANY_QUEUE = "*";
    static final char SEP = '\u001f';
    static final int MAX_CAPACITY = 999_999;

    private final PriorityOrder order;

    Ranks(final PriorityOrder order) {
        this.order = order;
    }

    static String prefix(final String queue) {
        return queue + SEP;
    }

    String waitingKey(final String queue, final TicketCreated ticket) {
        final long priority = order == PriorityOrder.ASCENDING
                ? (long) ticket.getPriority() - Integer.MIN_VALUE
                : (long) Integer.MAX_VALUE - ticket.getPriority();
        return prefix(queue) + pad(priority, 10) + pad(millis(ticket.getCreatedAt()), 19) + ticket.getId();
    }

    static String availableKey(final String queue, final PoolAgent agent) {
        final int free = Math.min(MAX_CAPACITY, agent.getCapacity() - agent.getTickets().size());
        return prefix(queue) + pad(MAX_CAPACITY - free, 6) + pad(millis(agent.getAvailableSince()), 19)
                + agent.getAgentId();
    }

    /** The rank part of a key, to compare entries found under different queues. */
    static String rank(final String key) {
        return key.substring(key.indexOf(SEP) + 1);
    }

    private static long millis(final Instant time) {
        return Math.max(0, time.toEpochMilli());
    }

    private static String pad(final long value, final int width) {
        final String digits = Long.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
