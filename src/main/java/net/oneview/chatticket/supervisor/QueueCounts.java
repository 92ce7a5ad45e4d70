package net.oneview.chatticket.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.oneview.chatticket.assignment.PoolCounts;
import net.oneview.chatticket.state.PoolAgent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What one partition of the pools' stores holds, counted: one row per pool and queue ({@code queue} null: the pool's
 * totals; {@value #ANY_QUEUE}: agents that serve every queue). Rows of different partitions and instances add up.
 */
public record QueueCounts(int partition, List<Row> rows) {

    /** The queue of agents that serve every queue. */
    public static final String ANY_QUEUE = "*";
    /** The step key of tickets waiting for their preferred agent alone (before their queue's steps begin). */
    public static final String PREFERRED = PoolCounts.PREFERRED;
    private static final char SEP = '\u001f';

    /**
     * Counts of one queue of a pool; {@code oldestCreatedMillis} null while nothing waits. Waiting tickets are counted
     * by priority and, on a queue's row, by the routing step they are at ({@value #PREFERRED} while they wait for
     * their preferred agent). Offers pending are counted by their ticket's queue; agents away (online, given nothing
     * after letting offers expire) and slots kept for wrap-up by each queue the agent serves.
     */
    public record Row(String pool, String queue, long waiting, Map<Integer, Long> waitingByPriority,
            Map<String, Long> waitingByStep, Long oldestCreatedMillis, int agentsOnline, int freeCapacity,
            long offersPending, int agentsAway, int wrapUps) {

        /** An instance of an earlier version sends no steps: its tickets are then not counted by step. */
        public Row {
            waitingByStep = waitingByStep == null ? Map.of() : waitingByStep;
        }

        Row plus(final Row other) {
            final Map<Integer, Long> priorities = new TreeMap<>(waitingByPriority);
            other.waitingByPriority.forEach((priority, count) -> priorities.merge(priority, count, Long::sum));
            final Map<String, Long> steps = new TreeMap<>(waitingByStep);
            other.waitingByStep.forEach((step, count) -> steps.merge(step, count, Long::sum));
            Long oldest = oldestCreatedMillis;
            if (oldest == null || other.oldestCreatedMillis != null && other.oldestCreatedMillis < oldest) {
                oldest = other.oldestCreatedMillis;
            }
            return new Row(pool, queue, waiting + other.waiting, priorities, steps, oldest,
                    agentsOnline + other.agentsOnline,
                    freeCapacity + other.freeCapacity, offersPending + other.offersPending,
                    agentsAway + other.agentsAway, wrapUps + other.wrapUps);
        }

        /** What rows of one queue of one pool share, to add them up. */
        List<String> key() {
            return key(pool, queue);
        }

        static List<String> key(final String pool, final String queue) {
            return java.util.Arrays.asList(pool, queue);  // the pool's own row has a null queue
        }

        /** The same agents, without the tickets (to add agents of every queue to one queue's row). */
        Row withoutTickets() {
            return new Row(pool, queue, 0, Map.of(), Map.of(), null, agentsOnline, freeCapacity, 0, agentsAway,
                    wrapUps);
        }

        /** @param steps by step key; none on a pool's row (steps are numbered per queue) */
        static Row waiting(final String pool, final String queue, final long waiting,
                final Map<Integer, Long> byPriority, final Map<String, Long> steps, final Long oldestCreatedMillis) {
            return new Row(pool, queue, waiting, byPriority, steps, oldestCreatedMillis, 0, 0, 0, 0, 0);
        }

        static Row offered(final String pool, final String queue, final long offers) {
            return new Row(pool, queue, 0, Map.of(), Map.of(), null, 0, 0, offers, 0, 0);
        }

        static Row agent(final String pool, final String queue, final int freeCapacity, final boolean away,
                final int wrapUps) {
            return new Row(pool, queue, 0, Map.of(), Map.of(), null, 1, freeCapacity, 0, away ? 1 : 0, wrapUps);
        }
    }

    /**
     * Counts one partition: waiting tickets (and arrivals not decided yet) and offers pending, from the pools' counts
     * (a few entries per queue, however many tickets wait), and online agents.
     */
    static QueueCounts count(final int partition, final ReadOnlyKeyValueStore<String, Long> counts,
            final ReadOnlyKeyValueStore<String, PoolAgent> agents) {
        final Map<List<String>, Row> rows = new HashMap<>();
        String from = null;
        boolean more = true;
        while (more) {
            more = false;
            try (KeyValueIterator<String, Long> entries = counts.range(from, null)) {
                while (entries.hasNext()) {
                    final KeyValue<String, Long> entry = entries.next();
                    final String[] parts = entry.key.split(String.valueOf(PoolCounts.SEP), 4);
                    final String pool = parts[0];
                    final String queue = parts[1];
                    final long count = entry.value;
                    switch (parts[2].charAt(0)) {
                        case PoolCounts.PRIORITY -> {
                            final int priority = Integer.parseInt(parts[3]);
                            add(rows, Row.waiting(pool, queue, count, Map.of(priority, count), Map.of(), null));
                            add(rows, Row.waiting(pool, null, count, Map.of(priority, count), Map.of(), null));
                        }
                        case PoolCounts.STEP -> add(rows, Row.waiting(pool, queue, 0, Map.of(), Map.of(parts[3], count),
                                null));
                        case PoolCounts.OFFERED -> {
                            add(rows, Row.offered(pool, queue, count));
                            add(rows, Row.offered(pool, null, count));
                        }
                        case PoolCounts.CREATED -> {
                            // the queue's first second is its oldest: the rest of its seconds are skipped
                            final long oldest = Long.parseLong(parts[3]) * 1000;
                            add(rows, Row.waiting(pool, queue, 0, Map.of(), Map.of(), oldest));
                            add(rows, Row.waiting(pool, null, 0, Map.of(), Map.of(), oldest));
                            from = pool + PoolCounts.SEP + queue + PoolCounts.SEP + (char) (PoolCounts.CREATED + 1);
                            more = true;
                        }
                        default -> {
                        }
                    }
                    if (more) {
                        break;
                    }
                }
            }
        }
        try (KeyValueIterator<String, PoolAgent> all = agents.all()) {
            while (all.hasNext()) {
                final KeyValue<String, PoolAgent> entry = all.next();
                final PoolAgent agent = entry.value;
                if (agent.getOnline()) {
                    final String pool = pool(entry.key);
                    // tickets it still holds in pools it left take its capacity too
                    final int free = Math.max(0, agent.getCapacity() - agent.getTickets().size()
                            - agent.getTicketsElsewhere().size() - agent.getWrapUps().size());
                    final boolean away = agent.getAway();
                    final int wrapUps = agent.getWrapUps().size();
                    (agent.getQueues().isEmpty() ? List.of(ANY_QUEUE) : agent.getQueues())
                            .forEach(queue -> add(rows, Row.agent(pool, queue, free, away, wrapUps)));
                    add(rows, Row.agent(pool, null, free, away, wrapUps));
                }
            }
        }
        return new QueueCounts(partition, new ArrayList<>(rows.values()));
    }

    private static void add(final Map<List<String>, Row> rows, final Row row) {
        rows.merge(row.key(), row, Row::plus);
    }

    private static String pool(final String key) {
        return key.substring(0, key.indexOf(SEP));
    }
}
