package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import net.oneview.chatticket.streams.Topics;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where a run of the engine keeps its pools' states, and a read of all that is in them for the checks: plain maps,
 * or the assignment task's own stores, built and wrapped as in production.
 */
interface EngineStates {

    /** The state one event of the pool is applied to. */
    PoolState open(String pool);

    /** Keeps what the event changed, as the processor does once the engine returns. */
    void save(PoolState state);

    /** Everything the pool's state holds, keys without the pool. */
    Snapshot read(String pool);

    /** How the run's engines are made (pool without any prefix of the states'), for {@link #restart()}. */
    default void engines(final BiFunction<String, PoolState, AssignmentEngine> engines) {
    }

    /**
     * The task starts again: what it builds when it starts (indexes, counts) must be what it kept while it ran. Plain
     * maps have nothing to build.
     */
    default void restart() {
    }

    record Snapshot(Map<String, PoolTicket> tickets, Map<String, PoolAgent> agents, SortedMap<String, String> waiting,
            SortedMap<String, String> available, SortedMap<String, String> arrivals, Map<String, Integer> onlineAgents,
            SortedMap<String, String> timers) {
    }

    final class InMemory implements EngineStates {

        private final Map<String, InMemoryPoolState> pools = new HashMap<>();

        @Override
        public PoolState open(final String pool) {
            return pools.computeIfAbsent(pool, p -> new InMemoryPoolState());
        }

        @Override
        public void save(final PoolState state) {
            // the maps are the state: nothing is held back
        }

        @Override
        public Snapshot read(final String pool) {
            final InMemoryPoolState state = (InMemoryPoolState) open(pool);
            final Map<String, Integer> online = new HashMap<>(state.onlineAgents);
            online.values().removeIf(count -> count == 0);
            return new Snapshot(state.tickets, state.agents, state.waiting.entries, state.available.entries,
                    state.arrivals.entries, online, state.timers.entries);
        }
    }

    /**
     * The task's stores with their production builders, serdes and index wrappers, opened once (opening costs more
     * than a run): each run has pools of its own in them, as a task that decides many pools. A state per event,
     * saved after it.
     */
    final class TaskStores implements AutoCloseable {

        private final RealStores stores;
        private final PoolStores poolStores;
        private final Map<String, BiFunction<String, PoolState, AssignmentEngine>> enginesByRun = new HashMap<>();
        private int runs;

        TaskStores() throws IOException {
            this.stores = new RealStores();
            final Topics topics = new Topics(TopologyHarness.TOPICS, Map.of("schema.registry.url", "mock://task-stores"));
            AssignmentProcessor.storeBuilders(topics.avro()).forEach(stores::open);
            this.poolStores = PoolStores.of(stores.context());
        }

        /** Pools no run has used yet. */
        EngineStates newRun() {
            runs++;
            return new Run("run-" + runs + "-");
        }

        /**
         * Builds the task's indexes and counts again, from the records of every run (each with its own engines), after
         * its latest start was another instance's: what is built must be what was kept. Then again as the instance
         * that built them, which keeps its backlog: the same again.
         */
        private void restart() {
            final Map<String, SortedMap<String, ?>> kept = derived();
            poolStores.ranking().delete(PoolStores.BUILT_AT_START);
            assertThat(PoolIndexes.build(poolStores, this::engine)).as("backlog built again").isTrue();
            assertThat(derived()).as("built from the records when the task starts").isEqualTo(kept);
            assertThat(PoolIndexes.build(poolStores, this::engine)).as("backlog built again").isFalse();
            assertThat(derived()).as("kept as the instance left it").isEqualTo(kept);
        }

        private AssignmentEngine engine(final String pool, final StorePoolState state) {
            final String run = pool.substring(0, pool.indexOf('-', "run-".length()) + 1);
            return enginesByRun.get(run).apply(pool.substring(run.length()), state);
        }

        /** The whole of each store the task builds when it starts. */
        private Map<String, SortedMap<String, ?>> derived() {
            final Map<String, SortedMap<String, ?>> derived = new TreeMap<>();
            for (final String name : List.of(PoolStores.WAITING, PoolStores.ARRIVALS, PoolStores.AVAILABLE,
                    PoolStores.TIMERS, PoolCounts.STORE)) {
                final SortedMap<String, Object> entries = new TreeMap<>();
                try (KeyValueIterator<String, Object> all = stores.context().<KeyValueStore<String, Object>>getStateStore(name).all()) {
                    all.forEachRemaining(entry -> entries.put(entry.key, entry.value));
                }
                derived.put(name, entries);
            }
            return derived;
        }

        @Override
        public void close() throws IOException {
            stores.close();
        }

        private final class Run implements EngineStates {

            private final String poolPrefix;

            Run(final String poolPrefix) {
                this.poolPrefix = poolPrefix;
            }

            @Override
            public PoolState open(final String pool) {
                return new StorePoolState(poolPrefix + pool, poolStores);
            }

            @Override
            public void engines(final BiFunction<String, PoolState, AssignmentEngine> engines) {
                enginesByRun.put(poolPrefix, engines);
            }

            @Override
            public void restart() {
                TaskStores.this.restart();
            }

            @Override
            public void save(final PoolState state) {
                ((StorePoolState) state).save();
            }

            /** Read from the stores themselves; the indexes are also read as the engine reads them, and must agree. */
            @Override
            public Snapshot read(final String pool) {
                final String prefix = poolPrefix + pool + Ranks.SEP;
                countsAgreeWithTickets(prefix);
                return new Snapshot(entries(poolStores.tickets(), prefix), entries(poolStores.agents(), prefix),
                        index(PoolStores.WAITING, poolStores.waiting(), prefix),
                        index(PoolStores.AVAILABLE, poolStores.available(), prefix),
                        index(PoolStores.ARRIVALS, poolStores.arrivals(), prefix),
                        entries(poolStores.onlineAgents(), prefix),
                        index(PoolStores.TIMERS, poolStores.timers(), prefix));
            }

            /** The pool's counts, kept as its records changed, are what counting its tickets and agents now gives. */
            private void countsAgreeWithTickets(final String prefix) {
                final SortedMap<String, Long> recounted = new TreeMap<>();
                final Map<String, Object> records = new HashMap<>(entries(poolStores.tickets(), prefix));
                entries(poolStores.agents(), prefix).forEach((id, agent) -> records.put("agent " + id, agent));
                records.forEach((id, record) -> PoolCounts.of(prefix + id, record).forEach((key, amount) ->
                        recounted.merge(key.substring(prefix.length()), amount, Long::sum)));
                final KeyValueStore<String, Long> counts = stores.context().getStateStore(PoolCounts.STORE);
                assertThat(entries(counts, prefix)).as("the pool's counts").isEqualTo(recounted);
            }

            private SortedMap<String, String> index(final String name, final IndexStore index, final String prefix) {
                final SortedMap<String, String> stored = entries(stores.context().getStateStore(name), prefix);
                final SortedMap<String, String> read = new TreeMap<>();
                try (Stream<Map.Entry<String, String>> scan = index.scan(prefix)) {
                    scan.forEach(entry -> read.put(entry.getKey().substring(prefix.length()), entry.getValue()));
                }
                assertThat(read).as("%s as the engine reads it", name).isEqualTo(stored);
                return stored;
            }
        }

        private static <V> SortedMap<String, V> entries(final KeyValueStore<String, V> store, final String prefix) {
            final SortedMap<String, V> entries = new TreeMap<>();
            try (KeyValueIterator<String, V> all = store.prefixScan(prefix, new StringSerializer())) {
                all.forEachRemaining(entry -> entries.put(entry.key.substring(prefix.length()), entry.value));
            }
            return entries;
        }
    }
}
