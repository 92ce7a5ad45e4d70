package net.oneview.chatticket.assignment;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The assignment task's state stores, the indexes each read the way its store needs; every key starts with the pool
 * (see {@link StorePoolState}). One per task, kept while the task runs.
 */
record PoolStores(KeyValueStore<String, PoolTicket> tickets, KeyValueStore<String, PoolAgent> agents,
        IndexStore waiting, IndexStore available, MirroredIndexStore arrivals,
        KeyValueStore<String, Integer> onlineAgents, KeyValueStore<String, String> ranking, ReplayGuard replays,
        MirroredIndexStore timers, PoolCounts counts, KeyValueStore<String, String> built) {

    static final String TICKETS = "pool-tickets";
    static final String AGENTS = "pool-agents";
    static final String WAITING = "pool-waiting";
    static final String AVAILABLE = "pool-available-agents";
    static final String ARRIVALS = "pool-arrivals";
    static final String ONLINE_AGENTS = "pool-online-agents";
    /**
     * What is due on the wall clock, by when (key: pool, due time, kind, id): pending offers' expiries and wrap-ups'
     * ends. The timers' punctuation looks at this index only, and runs only while it holds something.
     */
    static final String TIMERS = "pool-timers";
    /** The ranking rules the task's waiting and held tickets are ranked under (key {@link #RANKED_UNDER}). */
    static final String RANKING = "pool-ranking";
    static final String RANKED_UNDER = "ranked-under";
    /** The {@link ReplayGuard}'s: the time of each agent's latest status, the tickets closed before they were held. */
    static final String STATUS_TIMES = "pool-status-times";
    static final String CLOSED_UNHELD = "pool-closed-unheld";

    /**
     * Beside the backlog ({@link #WAITING}), which has no changelog: which start of the task built it (key
     * {@link #BUILT_AT_START}), as {@link #RANKING} records the latest start (see {@link PoolIndexes}).
     */
    static final String BUILT = "pool-indexes-built";
    static final String BUILT_AT_START = "built-at-start";

    static final String[] NAMES = {TICKETS, AGENTS, WAITING, AVAILABLE, ARRIVALS, ONLINE_AGENTS, RANKING, STATUS_TIMES,
        CLOSED_UNHELD, TIMERS, PoolCounts.STORE, BUILT};

    static PoolStores of(final ProcessingContext context) {
        return new PoolStores(context.getStateStore(TICKETS), context.getStateStore(AGENTS),
                new RocksIndexStore(context.getStateStore(WAITING)),
                new MirroredIndexStore(context.getStateStore(AVAILABLE)),
                new MirroredIndexStore(context.getStateStore(ARRIVALS)), context.getStateStore(ONLINE_AGENTS),
                context.getStateStore(RANKING),
                new ReplayGuard(context.getStateStore(STATUS_TIMES), context.getStateStore(CLOSED_UNHELD)),
                new MirroredIndexStore(context.getStateStore(TIMERS)),
                new PoolCounts(context.getStateStore(PoolCounts.STORE)), context.getStateStore(BUILT));
    }

    /**
     * The queues with tickets waiting or held, by pool (never {@link Ranks#ANY_QUEUE}): found by seeking from one
     * queue's keys to the next queue's, so it costs a look-up per queue, not per ticket.
     */
    SortedMap<String, SortedSet<String>> waitingQueues() {
        final SortedMap<String, SortedSet<String>> queues = new TreeMap<>();
        for (final IndexStore index : List.of(waiting, arrivals)) {
            for (String key = index.next(""); key != null; ) {
                final int scopeStart = key.indexOf(Ranks.SEP) + 1;
                final String pool = key.substring(0, scopeStart - 1);
                final String scope = key.substring(scopeStart, key.indexOf(Ranks.SEP, scopeStart));
                final String queue = Ranks.scopeQueue(scope + Ranks.SEP);
                final SortedSet<String> ofPool = queues.computeIfAbsent(pool, p -> new TreeSet<>());
                if (Pools.isQueueName(queue)) {  // not every queue's scope, nor a preferred agent's
                    ofPool.add(queue);
                }
                key = index.next(key.substring(0, scopeStart) + scope + (char) (Ranks.SEP + 1));
            }
        }
        return queues;
    }

    /** The pools with agents in the available-agents index: a seek per pool. */
    SortedSet<String> poolsWithAvailableAgents() {
        final SortedSet<String> pools = new TreeSet<>();
        for (String key = available.next(""); key != null; ) {
            final String pool = key.substring(0, key.indexOf(Ranks.SEP));
            pools.add(pool);
            key = available.next(pool + (char) (Ranks.SEP + 1));
        }
        return pools;
    }
}
