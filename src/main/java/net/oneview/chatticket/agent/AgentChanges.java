package net.oneview.chatticket.agent;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who waits here for the next change of an agent's tickets or offers (an answer to an offer waits for its outcome),
 * told by whoever hears of the changes (the live feed, which follows the changelog of the agents' entries): a waiter
 * reads the agent's view once per change instead of polling it. The agents' tasks of this instance tell it too, as
 * they count a list's new version, and it passes that on to the live feed (the topology is built before the feed,
 * which reads through it).
 */
@Component
public class AgentChanges implements ListObserver {

    private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    /** Who hears of the versions the agents' tasks here count (the live feed, while it runs). */
    private volatile ListObserver follower = ListObserver.NONE;

    /** @param follower told of each new version of an agent's list counted here; {@link ListObserver#NONE} to stop */
    public void follow(final ListObserver follower) {
        this.follower = follower;
    }

    @Override
    public void counted(final String agentId, final long version) {
        follower.counted(agentId, version);
    }

    /**
     * Completes at the agent's next change heard of here; ask before reading the view, so that a change between the
     * read and the wait is not missed. The caller bounds the wait (a notice may come before the view has the change,
     * or not at all while the changelog is unreachable).
     */
    public CompletableFuture<Void> next(final String agentId) {
        final CompletableFuture<Void> change = new CompletableFuture<>();
        waiting.computeIfAbsent(agentId, agent -> ConcurrentHashMap.newKeySet()).add(change);
        change.whenComplete((done, error) -> waiting.computeIfPresent(agentId, (agent, waiters) -> {
            waiters.remove(change);
            return waiters.isEmpty() ? null : waiters;
        }));
        return change;
    }

    /** Whether anyone waits for a change of the agent: only then does its notice need reading. */
    public boolean awaited(final String agentId) {
        return waiting.containsKey(agentId);
    }

    /** The agent's tickets or offers changed. */
    public void changed(final String agentId) {
        final Set<CompletableFuture<Void>> waiters = waiting.remove(agentId);
        if (waiters != null) {
            waiters.forEach(change -> change.complete(null));
        }
    }
}
