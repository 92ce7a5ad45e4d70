package net.oneview.chatticket.assignment;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Routing pools: each pool is a set of queues decided by exactly one stream task. By default there is one pool,
 * {@value #DEFAULT_POOL}, holding every queue; configured pools split queues off it to scale out.
 */
public final class Pools {

    public static final String DEFAULT_POOL = "default";

    private final Map<String, String> poolByQueue = new HashMap<>();
    private final SortedSet<String> names = new TreeSet<>(Set.of(DEFAULT_POOL));

    public Pools(final Map<String, List<String>> queuesByPool) {
        names.addAll(queuesByPool.keySet());
        queuesByPool.forEach((pool, queues) -> queues.forEach(queue -> {
            final String previous = poolByQueue.put(queue, pool);
            if (previous != null && !previous.equals(pool)) {
                throw new IllegalArgumentException("queue " + queue + " is in two pools: " + previous + ", " + pool);
            }
        }));
    }

    /**
     * Whether the name can be a queue's, for tickets and agents alike: the indexes put a separator after it, and
     * {@value Ranks#ANY_QUEUE} stands there for every queue (an agent listing it beside another queue would be
     * indexed twice, and take a ticket twice).
     */
    public static boolean isQueueName(final String queue) {
        return !queue.isBlank() && queue.indexOf(Ranks.SEP) < 0 && queue.indexOf(Ranks.RS) < 0
                && !Ranks.ANY_QUEUE.equals(queue) && !queue.startsWith("@");
    }

    /** Every pool of the configuration, {@value #DEFAULT_POOL} included, in name order. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(names);
    }

    public String ofQueue(final String queue) {
        return poolByQueue.getOrDefault(queue, DEFAULT_POOL);
    }

    /**
     * An agent belongs to one pool, so that its capacity is decided in one place: the pool of its queues (the
     * first in name order if they span pools). An agent serving every queue (no queues listed) is in the default pool.
     */
    public String ofAgent(final List<String> queues) {
        return queues.isEmpty() ? DEFAULT_POOL : ofQueue(new TreeSet<>(queues).first());
    }
}
