package net.oneview.chatticket.assignment;

import java.util.ArrayList;
import java.util.List;
import net.oneview.chatticket.state.PoolTicket;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * What each queue of the task's pools holds, counted as its tickets change, so that the supervisor's view and the
 * gauges read a few entries per queue instead of every ticket. Kept in memory, without a changelog: the task counts
 * {@link PoolStores#TICKETS} again when it starts.
 *
 * <p>Keys: {@code pool SEP queue SEP kind [SEP detail]}, values: how many tickets.
 * <ul>
 *   <li>{@value #PRIORITY} priority: waiting at that priority;</li>
 *   <li>{@value #STEP} step: waiting at that routing step ({@link #PREFERRED}: for their preferred agent alone);</li>
 *   <li>{@value #CREATED} second (fixed width): waiting, created in that second (the first key of a queue: its oldest);</li>
 *   <li>{@value #OFFERED}: offers pending.</li>
 * </ul>
 */
public final class PoolCounts {

    static final String STORE = "pool-counts";
    public static final char SEP = Ranks.SEP;
    public static final char CREATED = 'c';
    public static final char OFFERED = 'o';
    public static final char PRIORITY = 'p';
    public static final char STEP = 's';
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

    /** Counts every ticket of the store afresh. */
    void recount(final KeyValueStore<String, PoolTicket> tickets) {
        final List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(entry -> stale.add(entry.key));
        }
        stale.forEach(store::delete);
        try (KeyValueIterator<String, PoolTicket> all = tickets.all()) {
            while (all.hasNext()) {
                final KeyValue<String, PoolTicket> entry = all.next();
                add(keys(entry.key, entry.value), 1);
            }
        }
    }

    /** A ticket's record changed from {@code before} to {@code after} (either null: none). */
    void changed(final List<String> before, final List<String> after) {
        if (!before.equals(after)) {
            add(before, -1);
            add(after, 1);
        }
    }

    private void add(final List<String> keys, final long delta) {
        for (final String key : keys) {
            final Long count = store.get(key);
            final long now = (count == null ? 0 : count) + delta;
            if (now <= 0) {
                store.delete(key);
            } else {
                store.put(key, now);
            }
        }
    }

    /**
     * The counts a ticket's record adds to, under its key in {@link PoolStores#TICKETS} ({@code pool SEP id}): none
     * once it is assigned and not offered, or when there is no record.
     */
    static List<String> keys(final String ticketKey, final PoolTicket ticket) {
        if (ticket == null) {
            return List.of();
        }
        final String queue = ticketKey.substring(0, ticketKey.indexOf(SEP) + 1) + ticket.getTicket().getQueue() + SEP;
        if (ticket.getAgentId() == null) {
            final String step = ticket.getPreferredUntil() != null ? PREFERRED : Integer.toString(ticket.getRouteStep());
            final String second = Long.toString(Math.max(0, ticket.getTicket().getCreatedAt().getEpochSecond()));
            return List.of(queue + PRIORITY + SEP + ticket.getTicket().getPriority(), queue + STEP + SEP + step,
                    queue + CREATED + SEP + "0".repeat(Math.max(0, SECOND_DIGITS - second.length())) + second);
        }
        return ticket.getOfferedAt() != null ? List.of(queue + OFFERED) : List.of();
    }
}
