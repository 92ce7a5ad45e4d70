package net.oneview.chatticket.assignment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One pool's view of the task's state stores: every key starts with the pool, so a task that decides several pools
 * keeps them apart. Writes are held back until {@link #save()}, so an event whose processing fails changes nothing.
 * The indexes use the stores' key order (seeks, no scans; see {@link IndexStore}).
 */
final class StorePoolState implements PoolState {

    private final String pool;
    private final Table<PoolTicket> tickets;
    private final Table<PoolAgent> agents;
    private final Index waiting;
    private final Index available;
    private final Index arrivals;
    private final Index timers;
    private final Table<Integer> onlineAgents;

    StorePoolState(final String pool, final PoolStores stores) {
        this.pool = pool + Ranks.SEP;
        this.tickets = new Table<>(stores.tickets(), ticket -> PoolTicket.newBuilder(ticket).build(), ticket -> ticket,
                stores.counts());
        this.agents = new Table<>(stores.agents(), agent -> PoolState.editable(PoolAgent.newBuilder(agent).build()),
                PoolState::editable, stores.counts());
        this.waiting = new Index(stores.waiting());
        this.available = new Index(stores.available());
        this.arrivals = new Index(stores.arrivals());
        this.timers = new Index(stores.timers());
        this.onlineAgents = new Table<>(stores.onlineAgents(), count -> count, count -> count, null);
    }

    /** Writes what the event changed to the stores. */
    void save() {
        tickets.save();
        agents.save();
        waiting.save();
        available.save();
        arrivals.save();
        timers.save();
        onlineAgents.save();
    }

    @Override
    public PoolTicket ticket(final String ticketId) {
        return tickets.get(pool + ticketId);
    }

    @Override
    public void putTicket(final PoolTicket ticket) {
        tickets.put(pool + ticket.getTicket().getId(), ticket);
    }

    @Override
    public void removeTicket(final String ticketId) {
        tickets.put(pool + ticketId, null);
    }

    @Override
    public PoolAgent agent(final String agentId) {
        return agents.get(pool + agentId);
    }

    @Override
    public void putAgent(final PoolAgent agent) {
        agents.put(pool + agent.getAgentId(), agent);
    }

    @Override
    public SortedIndex waiting() {
        return waiting;
    }

    @Override
    public SortedIndex available() {
        return available;
    }

    @Override
    public SortedIndex arrivals() {
        return arrivals;
    }

    @Override
    public SortedIndex timers() {
        return timers;
    }

    @Override
    public int onlineAgents(final String queue) {
        final Integer count = onlineAgents.get(pool + queue);
        return count == null ? 0 : count;
    }

    @Override
    public void countOnlineAgents(final String queue, final int delta) {
        final int count = Math.max(0, onlineAgents(queue) + delta);
        onlineAgents.put(pool + queue, count == 0 ? null : count);
    }

    /**
     * Values by key, changes held in memory; values are copied in and out as the store would serialize them. The
     * tickets' and agents' tables also keep the {@link PoolCounts}: what each stored record counted for, as read before
     * the caller edits it, is replaced by what its new record counts for.
     */
    private static final class Table<V> {

        private final KeyValueStore<String, V> store;
        private final UnaryOperator<V> copy;
        private final UnaryOperator<V> fresh;
        private final PoolCounts counts;
        private final Map<String, V> pending = new HashMap<>();
        private final Map<String, Map<String, Long>> countedBefore = new HashMap<>();

        /**
         * @param copy a deep copy, for values handed out from or taken into the pending changes
         * @param fresh what a value just deserialized from the store needs to be edited
         * @param counts the counts the table's records add to; null for none
         */
        Table(final KeyValueStore<String, V> store, final UnaryOperator<V> copy, final UnaryOperator<V> fresh,
                final PoolCounts counts) {
            this.store = store;
            this.copy = copy;
            this.fresh = fresh;
            this.counts = counts;
        }

        /** A value of its own to the caller: a store read is deserialized afresh, a pending one is copied. */
        V get(final String key) {
            if (!pending.containsKey(key)) {
                final V stored = store.get(key);
                if (counts != null) {
                    countedBefore.putIfAbsent(key, PoolCounts.of(key, stored));
                }
                return stored == null ? null : fresh.apply(stored);
            }
            final V value = pending.get(key);
            return value == null ? null : copy.apply(value);
        }

        /** A null value deletes. */
        void put(final String key, final V value) {
            if (counts != null && !countedBefore.containsKey(key)) {
                countedBefore.put(key, PoolCounts.of(key, store.get(key)));
            }
            pending.put(key, value == null ? null : copy.apply(value));
        }

        void save() {
            pending.forEach((key, value) -> {
                if (value == null) {
                    store.delete(key);
                } else {
                    store.put(key, value);
                }
                if (counts != null) {
                    counts.changed(countedBefore.get(key), PoolCounts.of(key, value));
                }
            });
        }
    }

    /** A sorted index over a store, changes held in memory and merged into look-ups. */
    private final class Index implements SortedIndex {

        private final IndexStore store;
        private final TreeMap<String, String> added = new TreeMap<>();
        private final Set<String> removed = new HashSet<>();
        /**
         * By prefix: where its live stored keys start, as the last look-up found. The store does not change before
         * {@link #save()}, and a stored key once removed or replaced here stays so, so this only moves forward: a
         * drain that takes the best agents one by one reads past the ones it took once, not once per ticket.
         */
        private final Map<String, String> liveFrom = new HashMap<>();

        Index(final IndexStore store) {
            this.store = store;
        }

        @Override
        public void put(final String key, final String value) {
            removed.remove(pool + key);
            added.put(pool + key, value);
        }

        @Override
        public void remove(final String key) {
            added.remove(pool + key);
            removed.add(pool + key);
        }

        @Override
        public List<Map.Entry<String, String>> head(final String prefix, final int limit) {
            final String start = pool + prefix;
            final List<Map.Entry<String, String>> head = new ArrayList<>();
            final Iterator<Map.Entry<String, String>> pending = added.tailMap(start, true).entrySet().iterator();
            Map.Entry<String, String> nextPending = nextWithPrefix(pending, start);
            final String from = liveFrom.get(start);
            try (Stream<Map.Entry<String, String>> scan = from == null ? store.scan(start) : store.scan(start, from)) {
                final Iterator<Map.Entry<String, String>> stored = scan.iterator();
                Map.Entry<String, String> nextStored = null;
                String lastSkipped = null;
                while (nextStored == null && stored.hasNext()) {
                    final Map.Entry<String, String> entry = stored.next();
                    if (live(entry)) {
                        nextStored = entry;
                    } else {
                        lastSkipped = entry.getKey();
                    }
                }
                if (nextStored != null || lastSkipped != null) {
                    liveFrom.put(start, nextStored != null ? nextStored.getKey() : lastSkipped);
                }
                while (head.size() < limit && (nextPending != null || nextStored != null)) {
                    if (nextStored == null || nextPending != null && nextPending.getKey().compareTo(nextStored.getKey()) < 0) {
                        head.add(Map.entry(nextPending.getKey().substring(pool.length()), nextPending.getValue()));
                        nextPending = nextWithPrefix(pending, start);
                    } else {
                        head.add(Map.entry(nextStored.getKey().substring(pool.length()), nextStored.getValue()));
                        nextStored = nextLive(stored);
                    }
                }
            }
            return head;
        }

        /** The next stored entry not removed or replaced by this event. */
        private Map.Entry<String, String> nextLive(final Iterator<Map.Entry<String, String>> stored) {
            while (stored.hasNext()) {
                final Map.Entry<String, String> entry = stored.next();
                if (live(entry)) {
                    return entry;
                }
            }
            return null;
        }

        private boolean live(final Map.Entry<String, String> stored) {
            return !removed.contains(stored.getKey()) && !added.containsKey(stored.getKey());
        }

        void save() {
            removed.forEach(store::delete);
            added.forEach(store::put);
        }
    }

    private static Map.Entry<String, String> nextWithPrefix(final Iterator<Map.Entry<String, String>> entries,
            final String prefix) {
        if (!entries.hasNext()) {
            return null;
        }
        final Map.Entry<String, String> entry = entries.next();
        return entry.getKey().startsWith(prefix) ? entry : null;
    }
}
