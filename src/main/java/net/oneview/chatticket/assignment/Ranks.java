package net.oneview.chatticket.assignment;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import net.oneview.chatticket.assignment.AssignmentProperties.PriorityOrder;
import net.oneview.chatticket.assignment.RoutingProperties.AgentOrder;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.state.PoolAgent;

/**
 * Index keys whose string order is the order of service: {@code queue SEP rank}, where the rank is fixed-width
 * digits.
 *
 * <p>Waiting tickets: aged urgency, then oldest createdAt, then ticket id. The aged urgency of a ticket of priority
 * level {@code p} (0 = most urgent) created at {@code c} is {@code p * step + c}: waiting one aging step counts as
 * one level. It is a fixed key, because the order of two waiting tickets never changes as time passes (both age
 * alike), so the index is never re-sorted; only a change of the rules re-ranks it ({@link #rules}). Without aging the step is {@value #NO_AGING_STEP_MILLIS} ms (three
 * centuries): priority decides, then createdAt.
 *
 * <p>A key's part before {@link #SEP} is its scope: a queue (or {@link #ANY_QUEUE}), or, in the indexes that
 * routes use, a queue, a channel and a level joined by {@link #RS} ({@link #scope}), or a preferred agent
 * ({@link #preferredScope}).
 *
 * <p>Agents with a free slot, under each scope they serve: by the agent order ({@link AgentOrder}): most free slots,
 * then longest wait since the last assignment (or coming online), then agent id; or longest wait first.
 */
final class Ranks {

    /** The queue entry of agents that serve every queue, and of every waiting ticket. */
    static final String ANY_QUEUE = "*";
    static final char SEP = '\u001f';
    /** Joins a scope's queue, channel and level. */
    static final char RS = '\u001e';
    /** The channel of a scope that takes every channel: agents whose capacity counts every channel together. */
    static final String ANY_CHANNEL = "*";
    /** The level of a ticket's scope under an overflow queue: agents of that queue at any level take it. */
    static final int OVERFLOW_LEVEL = 0;
    private static final char PREFERRED = '@';
    static final int MAX_CAPACITY = 999_999;
    static final long NO_AGING_STEP_MILLIS = 10_000_000_000_000L;
    private static final int URGENCY_DIGITS = 23;
    private static final int TIME_DIGITS = 19;
    private static final int CAPACITY_DIGITS = 6;

    private final PriorityOrder order;
    private final BigInteger step;
    private final AgentOrder agentOrder;

    Ranks(final PriorityOrder order, final Duration agingStep) {
        this(order, agingStep, AgentOrder.MOST_FREE);
    }

    Ranks(final PriorityOrder order, final Duration agingStep, final AgentOrder agentOrder) {
        this.order = order;
        this.step = BigInteger.valueOf(agingStep.isZero() ? NO_AGING_STEP_MILLIS : agingStep.toMillis());
        this.agentOrder = agentOrder;
    }

    Ranks(final AssignmentProperties rules, final RoutingProperties routing, final String pool) {
        this(rules.priorityOrder(), rules.agingStep(pool), routing.agentOrder());
    }

    /**
     * The ranking rules of every pool, as text: waiting tickets ranked under rules that differ from the current ones
     * are ranked again ({@link AssignmentEngine#rerank}), or old and new ranks would not compare.
     */
    static String rules(final AssignmentProperties rules, final RoutingProperties routing) {
        return "priority-order=" + rules.priorityOrder() + " aging-step=" + rules.agingStep()
                + " pool-aging-step=" + new TreeMap<>(rules.poolAgingStep()) + " " + routing.fingerprint();
    }

    /** A route's scope: the queue's tickets (or agents) of the channel at the level. */
    static String scope(final String queue, final String channel, final int level) {
        return queue + RS + channel + RS + level;
    }

    /** The scope of the tickets that wait for the agent alone. */
    static String preferredScope(final String agentId) {
        return PREFERRED + agentId;
    }

    /** The level of a {@link #scope}'s key. */
    static int scopeLevel(final String key) {
        return key.charAt(key.indexOf(SEP) - 1) - '0';
    }

    /** The queue of a {@link #scope}'s key (or the scope itself, for other keys). */
    static String scopeQueue(final String key) {
        final int end = key.indexOf(SEP);
        final int rs = key.indexOf(RS);
        return key.substring(0, rs >= 0 && rs < end ? rs : end);
    }

    static String prefix(final String queue) {
        return queue + SEP;
    }

    String waitingKey(final String queue, final TicketCreated ticket) {
        final long level = order == PriorityOrder.ASCENDING
                ? (long) ticket.getPriority() - Integer.MIN_VALUE
                : (long) Integer.MAX_VALUE - ticket.getPriority();
        final long created = millis(ticket.getCreatedAt());
        final BigInteger urgency = BigInteger.valueOf(level).multiply(step).add(BigInteger.valueOf(created));
        return prefix(queue) + pad(urgency.toString(), URGENCY_DIGITS) + pad(Long.toString(created), TIME_DIGITS)
                + ticket.getId();
    }

    /** An agent under a scope it serves, with {@code free} slots for the scope's channel, by the agent order. */
    String availableKey(final String scope, final PoolAgent agent, final int free) {
        final String slots = pad(Integer.toString(MAX_CAPACITY - Math.min(MAX_CAPACITY, free)), CAPACITY_DIGITS);
        final String idle = pad(Long.toString(millis(agent.getAvailableSince())), TIME_DIGITS);
        return prefix(scope) + (agentOrder == AgentOrder.LONGEST_IDLE ? idle + slots : slots + idle)
                + agent.getAgentId();
    }

    /** Free slots as written in an {@link #availableKey}. */
    int freeSlots(final String availableKey) {
        final String rank = rank(availableKey);
        final int at = agentOrder == AgentOrder.LONGEST_IDLE ? TIME_DIGITS : 0;
        return MAX_CAPACITY - Integer.parseInt(rank.substring(at, at + CAPACITY_DIGITS));
    }

    /** Idle-since time as written in an {@link #availableKey}. */
    Instant idleSince(final String availableKey) {
        final String rank = rank(availableKey);
        final int at = agentOrder == AgentOrder.LONGEST_IDLE ? 0 : CAPACITY_DIGITS;
        return Instant.ofEpochMilli(Long.parseLong(rank.substring(at, at + TIME_DIGITS)));
    }

    /** A timer for a pending offer's expiry: its id is the ticket's. */
    static final char OFFER_TIMER = 'o';
    /** A timer for a waiting ticket's next routing step, or the end of its wait for its preferred agent: the ticket's id. */
    static final char ROUTE_TIMER = 'r';
    /** A timer for the end of a wrap-up: its id is {@link #wrapUpId}. */
    static final char WRAP_UP_TIMER = 'w';

    /** A timer's key in the timers index: when it is due, then its kind ({@link #OFFER_TIMER}...), then its id. */
    static String timerKey(final Instant due, final char kind, final String id) {
        return pad(Long.toString(millis(due)), TIME_DIGITS) + kind + id;
    }

    /** When the timer of a {@link #timerKey} is due. */
    static Instant timerDue(final String timerKey) {
        return Instant.ofEpochMilli(Long.parseLong(timerKey.substring(0, TIME_DIGITS)));
    }

    static char timerKind(final String timerKey) {
        return timerKey.charAt(TIME_DIGITS);
    }

    /** The id of a wrap-up's timer: the agent, then the closed ticket. */
    static String wrapUpId(final String agentId, final String ticketId) {
        return agentId + SEP + ticketId;
    }

    /** The rank part of a key, to compare entries found under different queues. */
    static String rank(final String key) {
        return key.substring(key.indexOf(SEP) + 1);
    }

    /**
     * What the agent can still take: its capacity less the tickets it holds here (offers pending included) and in
     * pools it left, and the closed tickets it still wraps up.
     */
    static int freeCapacity(final PoolAgent agent) {
        return agent.getCapacity() - agent.getTickets().size() - agent.getTicketsElsewhere().size()
                - agent.getWrapUps().size();
    }


    private static long millis(final Instant time) {
        return Math.max(0, time.toEpochMilli());
    }

    private static String pad(final String digits, final int width) {
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
