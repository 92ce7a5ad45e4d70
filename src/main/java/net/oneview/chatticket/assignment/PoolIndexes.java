package net.oneview.chatticket.assignment;

import java.util.UUID;
import java.util.function.BiFunction;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Builds what the task derives from its tickets and agents when it starts: the indexes (the backlog, the held
 * arrivals, the available agents, the timers) and the {@link PoolCounts}. None of them has a changelog: each ticket
 * and agent record says what it is indexed under (its index keys, its timers, its free slots), so an index is as
 * exactly once as the records it is built from, without a broker write of its own.
 *
 * <p>The small ones are in memory and built at every start. The backlog is as large as the waiting tickets and kept
 * in RocksDB, so a task that starts again on the state it stopped with keeps it: when this instance's backlog was
 * built at the task's latest start ({@link PoolStores#BUILT} agrees with {@link PoolStores#RANKING}, which is
 * changelogged). Otherwise (another instance ran the task since, or a standby copy took over) it is built again.
 * After a crash the local state is not trusted at all: under exactly-once, Kafka Streams wipes a task's state
 * directory that was not closed cleanly, and restores the changelogged stores.
 */
final class PoolIndexes {

    /** Tickets and agents entered per save: what is pending before a save is held in memory. */
    private static final int BATCH = 10_000;

    private PoolIndexes() {
    }

    /**
     * @param engines an engine over the pool's state, for the keys a record is indexed under
     * @return whether the backlog was built again (false: kept as this instance left it)
     */
    static boolean build(final PoolStores stores, final BiFunction<String, StorePoolState, AssignmentEngine> engines) {
        final String latestStart = stores.ranking().get(PoolStores.BUILT_AT_START);
        final boolean backlogKept = latestStart != null
                && latestStart.equals(stores.built().get(PoolStores.BUILT_AT_START));
        if (!backlogKept) {
            stores.waiting().clear();
        }
        stores.available().clear();
        stores.arrivals().clear();
        stores.timers().clear();
        stores.counts().clear();
        final Batch batch = new Batch(stores, engines);
        try (KeyValueIterator<String, PoolTicket> all = stores.tickets().all()) {
            while (all.hasNext()) {
                final KeyValue<String, PoolTicket> entry = all.next();
                stores.counts().count(entry.key, entry.value);
                batch.of(entry.key).reindex(entry.value, !backlogKept);
            }
        }
        try (KeyValueIterator<String, PoolAgent> all = stores.agents().all()) {
            while (all.hasNext()) {
                final KeyValue<String, PoolAgent> entry = all.next();
                stores.counts().count(entry.key, entry.value);
                batch.of(entry.key).reindex(entry.value);
            }
        }
        batch.save();
        final String start = UUID.randomUUID().toString();
        stores.built().put(PoolStores.BUILT_AT_START, start);
        stores.ranking().put(PoolStores.BUILT_AT_START, start);
        return !backlogKept;
    }

    /** One pool's state and engine at a time, saved every {@link #BATCH} records and when the pool changes. */
    private static final class Batch {

        private final PoolStores stores;
        private final BiFunction<String, StorePoolState, AssignmentEngine> engines;
        private String pool;
        private StorePoolState state;
        private AssignmentEngine engine;
        private int entered;

        Batch(final PoolStores stores, final BiFunction<String, StorePoolState, AssignmentEngine> engines) {
            this.stores = stores;
            this.engines = engines;
        }

        /** The engine for the pool of a record's key ({@code pool SEP id}). */
        AssignmentEngine of(final String key) {
            final String keyPool = key.substring(0, key.indexOf(Ranks.SEP));
            if (!keyPool.equals(pool) || entered == BATCH) {
                save();
                pool = keyPool;
                state = new StorePoolState(pool, stores);
                engine = engines.apply(pool, state);
            }
            entered++;
            return engine;
        }

        void save() {
            if (state != null) {
                state.save();
            }
            state = null;
            entered = 0;
        }
    }
}
