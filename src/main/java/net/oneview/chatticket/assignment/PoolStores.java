package net.oneview.chatticket.assignment;

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
        KeyValueStore<String, Integer> onlineAgents, ReplayGuard replays) {

    static final String TICKETS = "pool-tickets";
    static final String AGENTS = "pool-agents";
    static final String WAITING = "pool-waiting";
    static final String AVAILABLE = "pool-available-agents";
    static final String ARRIVALS = "pool-arrivals";
    static final String ONLINE_AGENTS = "pool-online-agents";
    /** The {@link ReplayGuard}'s: the time of each agent's latest status, the tickets closed before they were held. */
    static final String STATUS_TIMES = "pool-status-times";
    static final String CLOSED_UNHELD = "pool-closed-unheld";

    static final String[] NAMES = {TICKETS, AGENTS, WAITING, AVAILABLE, ARRIVALS, ONLINE_AGENTS, STATUS_TIMES,
        CLOSED_UNHELD};

    static PoolStores of(final ProcessingContext context) {
        return new PoolStores(context.getStateStore(TICKETS), context.getStateStore(AGENTS),
                new RocksIndexStore(context.getStateStore(WAITING)),
                new MirroredIndexStore(context.getStateStore(AVAILABLE)),
                new MirroredIndexStore(context.getStateStore(ARRIVALS)), context.getStateStore(ONLINE_AGENTS),
                new ReplayGuard(context.getStateStore(STATUS_TIMES), context.getStateStore(CLOSED_UNHELD)));
    }
}
