package net.oneview.chatticket.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.events.TicketAssignment;

/**
 * Counts a ticket {@code ASSIGNED} while it is still held: no {@code REQUEUED}, {@code CLOSED} or {@code REJECTED}
 * since its last {@code ASSIGNED}. Exactly-once forbids it: a decision made again after a crash, or a ticket given to
 * two agents. Fed each ticket's decisions in the order they were written (ticket-assignments is keyed by ticket id:
 * one partition, one order), from one thread or several.
 */
final class AssignedTwice {

    /** Ticket to the agent holding it. */
    private final Map<String, String> holders = new HashMap<>();
    private final Map<String, String> examples = new HashMap<>();
    private int assigned;
    private int twice;

    /** The decisions of one ticket's history, in order: how many times it was assigned while held. */
    static int in(final List<TicketAssignment> history) {
        final AssignedTwice check = new AssignedTwice();
        history.forEach(check::add);
        return check.twice();
    }

    synchronized void add(final TicketAssignment decision) {
        switch (decision.getDecision()) {
            case ASSIGNED -> {
                assigned++;
                final String holder = holders.put(decision.getTicketId(), decision.getAgentId());
                if (holder != null) {
                    twice++;
                    if (examples.size() < 5) {
                        examples.put(decision.getTicketId(), holder + " then " + decision.getAgentId());
                    }
                }
            }
            case REQUEUED, CLOSED, REJECTED -> holders.remove(decision.getTicketId());
            default -> {
            }
        }
    }

    /** ASSIGNED decisions seen: when none, the check could not have seen a double one. */
    synchronized int assigned() {
        return assigned;
    }

    synchronized int twice() {
        return twice;
    }

    /** A few tickets assigned twice, with the agents, for the report. */
    synchronized Map<String, String> examples() {
        return Map.copyOf(examples);
    }
}
