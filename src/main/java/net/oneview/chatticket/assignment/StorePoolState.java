package net.oneview.chatticket.assignment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One pool's view of the task's state stores: every key starts with the pool, so a task that decides several pools
 * keeps them apart. Writes are held back until {@link #save()}, so an event whose processing fails changes nothing.
 * The indexes use the stores' key order (RocksDB seeks, no scans).
 */
final class StorePoolState implements PoolState {

    private static final StringSerializer KEYS = new StringSerializer();

    private final String pool;
    private final Table<PoolTicket> tickets;
    private final Table<PoolAgent> agents;
    private final Index waiting;
    private final Index available;

    StorePoolState(final String pool, final KeyValueStore<String, PoolTicket> tickets,
            final KeyValueStore<String, PoolAgent> agents, final KeyValueStore<String, String> waiting,
            final KeyValueStore<String, String> available) {
        this.pool = pool + Ranks.SEP;
        this.tickets = new Table<>(tickets, ticket -> PoolTicket.newBuilder(ticket).build());
        this.agents = new Table<>(agents, agent -> PoolState.editable(PoolAgent.newBuilder(agent).build()));
        this.waiting = new Index(waiting);
        this.available = new Index(available);
    }

    /** Writes what the event changed to the stores. */
    void save() {
        tickets.save();
        agents.save();
        waiting.save();
        available.save();
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

    /** Values by key, changes held in memory; values are copied in and out as the store would serialize them. */
    private static final class Table<V> {

        private final KeyValueStore<String, V> store;
        private final UnaryOperator<V> copy;
        private final Map<String, V> pending = new HashMap<>();

        Table(final KeyValueStore<String, V> store, final UnaryOperator<V> copy) {
            this.store = store;
            this.copy = copy;
        }

        V get(final String key) {
            final V value = pending.containsKey(key) ? pending.get(key) : store.get(key);
            return value == null ? null : copy.apply(value);
        }

        /** A null value deletes. */
        void put(final String key, final V value) {
            pending.put(key, value == null ? null : copy.apply(value));
        }

        void save() {
            pending.forEach((key, value) -> {
                if (value == null) {
                    store.delete(key);
                } else {
                    store.put(key, value);
                }
            });
        }
    }

    /** A sorted index over a store, changes held in memory and merged into look-ups. */
    private final class Index implements SortedIndex {

        private final KeyValueStore<String, String> store;
        private final TreeMap<String, String> added = new TreeMap<>();
        private final Set<String> removed = new HashSet<>();

        Index(final KeyValueStore<String, String> store) {
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
        public Optional<Map.Entry<String, String>> first(final String prefix) {
            final String start = pool + prefix;
            final Map.Entry<String, String> pendingFirst = Optional.ofNullable(added.ceilingEntry(start))
                    .filter(entry -> entry.getKey().startsWith(start)).orElse(null);
            Map.Entry<String, String> first = pendingFirst;
            try (KeyValueIterator<String, String> entries = store.prefixScan(start, KEYS)) {
                while (entries.hasNext()) {
                    final KeyValue<String, String> entry = entries.next();
                    if (!removed.contains(entry.key) && !added.containsKey(entry.key)) {
                        if (first == null || entry.key.compareTo(first.getKey()) < 0) {
                            first = Map.entry(entry.key, entry.value);
                        }
                        break;
                    }
                }
            }
            return Optional.ofNullable(first).map(entry -> Map.entry(entry.getKey().substring(pool.length()), entry.getValue()));
        }

        void save() {
            removed.forEach(store::delete);
            added.forEach(store::put);
        }
    }
}
