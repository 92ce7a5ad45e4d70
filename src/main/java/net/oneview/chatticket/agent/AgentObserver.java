package net.oneview.chatticket.agent;

/**
 * Told of the changes of agents as the tasks write them, on the stream thread and before the transaction commits: each
 * change of a part of an agent's list ({@link #counted}: a pool's task counts one at each decision about the agent's
 * tickets there, the agent's task at each change of its offers), which the live streams of this instance then read at once
 * instead of after the commit and the changelog's round trip, and each other change of the agent's entry
 * ({@link #statusChanged}: a status, a release), which requests waiting for it read at once. What the GET
 * reads is the store as written, committed or not, so nothing is shown that a read could not show. A task that fails
 * and is retried tells the same changes again. Must not block or fail.
 */
@FunctionalInterface
public interface AgentObserver {

    /** Observes nothing: the topology offline (replay, tests). */
    AgentObserver NONE = (agentId, part, count) -> { };

    /**
     * A task counted a change of a part of the agent's list.
     *
     * @param part the pool whose tickets of the agent changed, or {@link AgentViews#OWN_PART} for the agent's offers
     * @param count the part's new count of changes (its part of the list's version)
     */
    void counted(String agentId, String part, long count);

    /** The agent's entry changed without a new version of its list; by default nobody is told. */
    default void statusChanged(final String agentId) {
    }
}
