package net.oneview.chatticket.assignment;

import java.util.Map;
import java.util.Optional;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One pool's view of the task's state stores: every key starts with the pool, so a task that decides several pools
 * keeps them apart. The indexes use the stores' key order (RocksDB seeks, no scans).
 */
final class StorePoolState implements PoolState {

    private static final StringSerializer KEYS = new StringSerializer();

    private final String pool;
    private final KeyValueStore<String, PoolTicket> tickets;
    private final KeyValueStore<String, PoolAgent> agents;
    private final SortedIndex waiting;
    private final SortedIndex available;

    StorePoolState(final String pool, final KeyValueStore<String, PoolTicket> tickets,
            final KeyValueStore<String, PoolAgent> agents, final KeyValueStore<String, String> waiting,
            final KeyValueStore<String, String> available) {
        this.pool = pool + Ranks.SEP;
        this.tickets = tickets;
        this.agents = agents;
        this.waiting = new StoreIndex(waiting);
        this.available = new StoreIndex(available);
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
        tickets.delete(pool + ticketId);
    }

    @Override
    public PoolAgent agent(final String agentId) {
        return PoolState.editable(agents.get(pool + agentId));
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

    private final class StoreIndex implements SortedIndex {

        private final KeyValueStore<String, String> store;

        StoreIndex(final KeyValueStore<String, String> store) {
            this.store = store;
        }

        @Override
        public void put(final String key, final String value) {
            store.put(pool + key, value);
        }

        @Override
        public void remove(final String key) {
            store.delete(pool + key);
        }

        @Override
        public Optional<Map.Entry<String, String>> first(final String prefix) {
            try (KeyValueIterator<String, String> entries = store.prefixScan(pool + prefix, KEYS)) {
                if (!entries.hasNext()) {
                    return Optional.empty();
                }
                final KeyValue<String, String> entry = entries.next();
                return Optional.of(Map.entry(entry.key.substring(pool.length()), entry.value));
            }
        }
    }
}
