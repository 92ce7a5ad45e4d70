package net.oneview.chatticket.assignment;

import net.oneview.chatticket.events.TicketAssignment;

/**
 * Told of every decision a pool's task sends on (metrics), and of each new version of an agent's list it counts (the
 * live streams and requests waiting for the agent). Called on a stream thread as the decision is forwarded,
 * before the transaction commits: a task that fails and is retried tells its decisions again. Must not block or fail.
 */
@FunctionalInterface
public interface DecisionObserver {

    /** Observes nothing: the topology offline (replay, tests). */
    DecisionObserver NONE = (pool, decision, eventTime) -> { };

    /**
     * @param pool the pool that decided
     * @param decision the decision
     * @param eventTime epoch millis of the event the decision answers: the record that triggered it, or for a ticket
     *     held among the arrivals and decided in a drain, the ticket's {@code createdAt}
     */
    void decided(String pool, TicketAssignment decision, long eventTime);

    /**
     * The pool counted a change of the agent's list of tickets held there ({@link AssignmentEngine#versionLists}),
     * after its decisions were sent on; by default nobody is told.
     *
     * @param count the pool's new count of changes of the agent's list
     */
    default void listChanged(final String pool, final String agentId, final long count) {
    }
}
