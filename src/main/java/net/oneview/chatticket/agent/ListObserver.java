package net.oneview.chatticket.agent;

/**
 * Told of each new version of an agent's list as the agents' task counts it, on the stream thread and before the
 * transaction commits: the live streams of this instance then read the list at once, instead of after the commit and
 * the changelog's round trip (what the GET reads is the store as written, committed or not, so nothing is shown that
 * a read could not show). A task that fails and is retried counts the same versions again. Must not block or fail.
 */
@FunctionalInterface
public interface ListObserver {

    /** Observes nothing: the topology offline (replay, tests). */
    ListObserver NONE = (agentId, version) -> { };

    void counted(String agentId, long version);
}
