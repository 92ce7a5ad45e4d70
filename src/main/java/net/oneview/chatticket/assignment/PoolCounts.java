package net.oneview.chatticket.assignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * What each queue of the task's pools holds, counted as its tickets and agents change, so that the supervisor's view
 * and the gauges read a few entries per queue instead of every ticket and agent. Kept in memory, without a changelog:
 * the task counts {@link PoolStores#TICKETS} and {@link PoolStores#AGENTS} again when it starts.
 *
 * <p>Keys: {@code pool SEP queue SEP kind [SEP detail]}, values: sums. Tickets count under their queue:
 * <ul>
 *   <li>{@value #PRIORITY} priority: waiting at that priority;</li>
 *   <li>{@value #STEP} step: waiting at that routing step ({@link #PREFERRED}: for their preferred agent alone);</li>
 *   <li>{@value #CREATED} second (fixed width): waiting, created in that second (the first key of a queue: its oldest);</li>
 *   <li>{@value #OFFERED}: offers pending.</li>
 * </ul>
 * Online agents count under each queue they serve ({@link Ranks#ANY_QUEUE} if every queue), and once under the pool
 * (an empty queue): {@value #ONLINE} agents, {@value #FREE} free slots, {@value #AWAY} agents away, {@value #WRAP_UPS}
 * slots kept for wrap-up.
 */
public final class PoolCounts {

    static final String STORE = "pool-counts";
    public static final char SEP = Ranks.SEP;
    public static final char ONLINE = 'a';
    public static final char CREATED = 'c';
    public static final char FREE = 'f';
    public static final char OFFERED = 'o';
    public static final char PRIORITY = 'p';
    public static final char STEP = 's';
    public static final char WRAP_UPS = 'u';
    public static final char AWAY = 'w';
    /** The step of tickets waiting for their preferred agent alone (before their queue's steps begin). */
    public static final String PREFERRED = "preferred";
    private static final int SECOND_DIGITS = 13;

    private final KeyValueStore<String, Long> store;

    PoolCounts(final KeyValueStore<String, Long> store) {
        this.store = store;
    }

    static StoreBuilder<KeyValueStore<String, Long>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled();
    }

    /** Forgets every count (before the task counts its records again). */
    void clear() {
        final List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(entry -> stale.add(entry.key));
        }
        stale.forEach(store::delete);
    }

    /** Counts a stored ticket or agent, under its key in its store. */
    void count(final String key, final Object record) {
        add(of(key, record), 1);
    }

    /** A record changed: what it counted for {@code before} is replaced by what it counts for {@code after}. */
    void changed(final Map<String, Long> before, final Map<String, Long> after) {
        if (!before.equals(after)) {
            add(before, -1);
            add(after, 1);
        }
    }

    private void add(final Map<String, Long> counts, final int sign) {
        counts.forEach((key, amount) -> {
            final Long count = store.get(key);
            final long now = (count == null ? 0 : count) + sign * amount;
            if (now <= 0) {
                store.delete(key);
            } else {
                store.put(key, now);
            }
        });
    }

    /**
     * What a record of the tickets' or the agents' store counts for, under its key there ({@code pool SEP id}); none
     * for no record, a ticket assigned and not offered, or an agent offline.
     */
    static Map<String, Long> of(final String key, final Object record) {
        final String pool = key.substring(0, key.indexOf(SEP) + 1);
        final Map<String, Long> counts = new TreeMap<>();
        if (record instanceof PoolTicket ticket) {
            final String queue = pool + ticket.getTicket().getQueue() + SEP;
            if (ticket.getAgentId() == null) {
                final String step = ticket.getPreferredUntil() != null ? PREFERRED
                        : Integer.toString(ticket.getRouteStep());
                final String second = Long.toString(Math.max(0, ticket.getTicket().getCreatedAt().getEpochSecond()));
                counts.put(queue + PRIORITY + SEP + ticket.getTicket().getPriority(), 1L);
                counts.put(queue + STEP + SEP + step, 1L);
                counts.put(queue + CREATED + SEP + "0".repeat(Math.max(0, SECOND_DIGITS - second.length())) + second,
                        1L);
            } else if (ticket.getOfferedAt() != null) {
                counts.put(queue + OFFERED, 1L);
            }
        } else if (record instanceof PoolAgent agent && agent.getOnline()) {
            final List<String> queues = new ArrayList<>(agent.getQueues().isEmpty() ? List.of(Ranks.ANY_QUEUE)
                    : agent.getQueues());
            queues.add("");  // the pool's own row: each agent once
            final long free = Math.max(0, Ranks.freeCapacity(agent));
            for (final String queue : queues) {
                final String prefix = pool + queue + SEP;
                counts.put(prefix + ONLINE, 1L);
                putIfAny(counts, prefix + FREE, free);
                putIfAny(counts, prefix + AWAY, agent.getAway() ? 1 : 0);
                putIfAny(counts, prefix + WRAP_UPS, agent.getWrapUps().size());
            }
        }
        return counts;
    }

    private static void putIfAny(final Map<String, Long> counts, final String key, final long amount) {
        if (amount > 0) {
            counts.put(key, amount);
        }
    }
}
