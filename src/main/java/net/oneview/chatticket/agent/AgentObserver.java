package net.oneview.chatticket.agent;

/**
 * Told of the changes of agents as the tasks write them, on the stream thread and before the transaction commits: each
 * new version of an agent's list ({@link #counted}: a pool's task counts one at each decision about the agent's
 * tickets, the agent's task at each change of its offers), which the live streams of this instance then read at once
 * instead of after the commit and the changelog's round trip, and each other change of the agent's entry
 * ({@link #statusChanged}: a status, a release), which requests waiting for it read at once. What the GET
 * reads is the store as written, committed or not, so nothing is shown that a read could not show. A task that fails
 * and is retried tells the same changes again. Must not block or fail.
 */
@FunctionalInterface
public interface AgentObserver {

    /** Observes nothing: the topology offline (replay, tests). */
    AgentObserver NONE = (agentId, version) -> { };

    /** A task counted a new version of the agent's list. */
    void counted(String agentId, long version);

    /** The agent's entry changed without a new version of its list; by default nobody is told. */
    default void statusChanged(final String agentId) {
    }
}
