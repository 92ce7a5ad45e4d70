package net.oneview.chatticket.assignment;

import java.util.List;
import java.util.Set;
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
        KeyValueStore<String, Integer> onlineAgents, KeyValueStore<String, String> ranking) {

    static final String TICKETS = "pool-tickets";
    static final String AGENTS = "pool-agents";
    static final String WAITING = "pool-waiting";
    static final String AVAILABLE = "pool-available-agents";
    static final String ARRIVALS = "pool-arrivals";
    static final String ONLINE_AGENTS = "pool-online-agents";
    /** The ranking rules the task's waiting and held tickets are ranked under (key {@link #RANKED_UNDER}). */
    static final String RANKING = "pool-ranking";
    static final String RANKED_UNDER = "ranked-under";

    static final String[] NAMES = {TICKETS, AGENTS, WAITING, AVAILABLE, ARRIVALS, ONLINE_AGENTS, RANKING};

    static PoolStores of(final ProcessingContext context) {
        return new PoolStores(context.getStateStore(TICKETS), context.getStateStore(AGENTS),
                new RocksIndexStore(context.getStateStore(WAITING)),
                new MirroredIndexStore(context.getStateStore(AVAILABLE)),
                new MirroredIndexStore(context.getStateStore(ARRIVALS)), context.getStateStore(ONLINE_AGENTS),
                context.getStateStore(RANKING));
    }

    /** The pools with tickets waiting or held, found by seeking from one pool's keys to the next pool's. */
    Set<String> poolsWithWaitingTickets() {
        final Set<String> pools = new TreeSet<>();
        for (final IndexStore index : List.of(waiting, arrivals)) {
            for (String key = index.next(""); key != null; ) {
                final String pool = key.substring(0, key.indexOf(Ranks.SEP));
                pools.add(pool);
                key = index.next(pool + (char) (Ranks.SEP + 1));
            }
        }
        return pools;
    }
}
