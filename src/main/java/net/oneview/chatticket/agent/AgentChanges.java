package net.oneview.chatticket.agent;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who waits here for the next change of an agent's tickets or offers (an answer to an offer waits for its outcome),
 * told by whoever hears of the changes (the live feed, which follows the agents' notices on
 * {@code chat-ticket-agent-tickets}): a waiter reads the agent's view once per change instead of polling it.
 */
@Component
public class AgentChanges {

    private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    /**
     * Completes at the agent's next change heard of here; ask before reading the view, so that a change between the
     * read and the wait is not missed. The caller bounds the wait (a notice may come before the view has the change,
     * or not at all while the notices' topic is unreachable).
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
