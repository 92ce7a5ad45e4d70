package net.oneview.chatticket.agent;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import net.oneview.chatticket.query.StoreUnavailableException;
import org.springframework.stereotype.Component;

/**
 * Who waits here for the next change of an agent (an answer to an offer waits for its outcome, a status change until
 * the agent's view shows it), told by whoever hears of the changes (the live feed, which follows the changelogs of the
 * agents' entries and of the pools' records of agents): a waiter reads the agent's view once per change instead of
 * polling it. The tasks of this instance tell it too, before their commit: of a list's new version (counted by a pool
 * or by the agent's task), which it passes on to the live feed (the topology is built before the feed, which reads
 * through it), and of a status.
 */
@Component
public class AgentChanges implements AgentObserver {

    /** How long a wait ({@link #await}) goes without a notice before it reads the agent again anyway. */
    static final Duration REREAD = Duration.ofMillis(500);

    private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private final long rereadNanos;
    /** Who hears of the versions the tasks here count (the live feed, while it runs). */
    private volatile AgentObserver follower = AgentObserver.NONE;

    public AgentChanges() {
        this(REREAD);
    }

    /** @param reread how long a wait goes without a notice before it reads the agent again anyway */
    AgentChanges(final Duration reread) {
        this.rereadNanos = reread.toNanos();
    }

    /** @param follower told of each new version of an agent's list counted here; {@link AgentObserver#NONE} to stop */
    public void follow(final AgentObserver follower) {
        this.follower = follower;
    }

    /** A change of the agent's list: the requests waiting here for the agent, and the live feed, hear of it. */
    @Override
    public void counted(final String agentId, final String part, final long count) {
        changed(agentId);
        follower.counted(agentId, part, count);
    }

    /** A status or a release: only the requests waiting here for the agent need it, not the live streams. */
    @Override
    public void statusChanged(final String agentId) {
        changed(agentId);
    }

    /**
     * Completes at the agent's next change heard of here; asked before reading the view, so that a change between the
     * read and the wait is not missed. {@link #await} bounds the wait (a notice may come before the view has the
     * change, or not at all while the changelog is unreachable) and cancels it, which forgets it.
     */
    private CompletableFuture<Void> next(final String agentId) {
        final CompletableFuture<Void> change = new CompletableFuture<>();
        // in one step: a waiter's cleanup may drop the agent's set between a look-up and an add
        waiting.compute(agentId, (agent, waiters) -> {
            final Set<CompletableFuture<Void>> added = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            added.add(change);
            return added;
        });
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

    /** The agent changed (its tickets, offers or status). */
    public void changed(final String agentId) {
        final Set<CompletableFuture<Void>> waiters = waiting.remove(agentId);
        if (waiters != null) {
            waiters.forEach(change -> change.complete(null));
        }
    }

    /**
     * Reads the agent with {@code read} until it finds something, for {@code timeout} at most: again at each change
     * of the agent heard of here, and at least every {@link #REREAD} by default (a notice may be lost: the changelog
     * unreachable, the feed stopped). A read the store cannot answer yet (the agent's partition moves or restores)
     * finds nothing.
     * Whatever else the read throws (an answer's conflict) ends the wait. A request waiting here holds its thread but
     * no core: a few hundred of them, reading every 20 ms on a service that had fallen behind, took the cores its
     * stream thread needed to catch up (measured in {@code make bench ONLY=offers-expiry}: 150 request threads
     * polling, the machine at 100 %).
     *
     * @return what the read found; empty at the timeout, or when the thread is interrupted (its flag set again)
     */
    public <T> Optional<T> await(final String agentId, final Duration timeout, final Supplier<Optional<T>> read) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final CompletableFuture<Void> change = next(agentId);
            try {
                final Optional<T> found = read(read);
                if (found.isPresent()) {
                    return found;
                }
                change.get(Math.min(rereadNanos, Math.max(0, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // read again anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } finally {
                change.cancel(false);  // no longer waited for, whichever way the wait ended
            }
        }
        return Optional.empty();
    }

    private static <T> Optional<T> read(final Supplier<Optional<T>> read) {
        try {
            return read.get();
        } catch (StoreUnavailableException e) {
            return Optional.empty();  // ask again at the next change, or in a moment
        }
    }
}
