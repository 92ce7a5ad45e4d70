package net.oneview.chatticket.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.oneview.chatticket.assignment.PoolCounts;
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

        static Row agents(final String pool, final String queue, final int online, final int freeCapacity,
                final int away, final int wrapUps) {
            return new Row(pool, queue, 0, Map.of(), Map.of(), null, online, freeCapacity, 0, away, wrapUps);
        }
    }

    /**
     * Counts one partition from its pools' counts ({@link PoolCounts}: a few entries per queue, however many tickets
     * wait and agents serve): waiting tickets (and arrivals not decided yet), offers pending, online agents.
     */
    static QueueCounts count(final int partition, final ReadOnlyKeyValueStore<String, Long> counts) {
        final Map<List<String>, Row> rows = new HashMap<>();
        String from = null;
        boolean more = true;
        while (more) {
            more = false;
            try (KeyValueIterator<String, Long> entries = counts.range(from, null)) {
                while (entries.hasNext() && !more) {
                    final KeyValue<String, Long> entry = entries.next();
                    final String[] parts = entry.key.split(String.valueOf(PoolCounts.SEP), 4);
                    final String pool = parts[0];
                    final String queue = parts[1].isEmpty() ? null : parts[1];  // empty: the pool's own row
                    final char kind = parts[2].charAt(0);
                    if (kind == PoolCounts.CREATED) {
                        // the queue's first second is its oldest: the rest of its seconds are skipped
                        final long oldest = Long.parseLong(parts[3]) * 1000;
                        add(rows, Row.waiting(pool, queue, 0, Map.of(), Map.of(), oldest));
                        add(rows, Row.waiting(pool, null, 0, Map.of(), Map.of(), oldest));
                        from = pool + PoolCounts.SEP + parts[1] + PoolCounts.SEP + (char) (PoolCounts.CREATED + 1);
                        more = true;
                    } else {
                        count(rows, pool, queue, kind, parts.length > 3 ? parts[3] : null, entry.value);
                    }
                }
            }
        }
        return new QueueCounts(partition, new ArrayList<>(rows.values()));
    }

    /** One count into its rows: a queue's tickets also into their pool's row (agents have a pool row of their own). */
    private static void count(final Map<List<String>, Row> rows, final String pool, final String queue,
            final char kind, final String detail, final long count) {
        switch (kind) {
            case PoolCounts.PRIORITY -> {
                final Map<Integer, Long> byPriority = Map.of(Integer.parseInt(detail), count);
                add(rows, Row.waiting(pool, queue, count, byPriority, Map.of(), null));
                add(rows, Row.waiting(pool, null, count, byPriority, Map.of(), null));
            }
            case PoolCounts.STEP -> add(rows, Row.waiting(pool, queue, 0, Map.of(), Map.of(detail, count), null));
            case PoolCounts.OFFERED -> {
                add(rows, Row.offered(pool, queue, count));
                add(rows, Row.offered(pool, null, count));
            }
            case PoolCounts.ONLINE -> add(rows, Row.agents(pool, queue, (int) count, 0, 0, 0));
            case PoolCounts.FREE -> add(rows, Row.agents(pool, queue, 0, (int) count, 0, 0));
            case PoolCounts.AWAY -> add(rows, Row.agents(pool, queue, 0, 0, (int) count, 0));
            case PoolCounts.WRAP_UPS -> add(rows, Row.agents(pool, queue, 0, 0, 0, (int) count));
            default -> {
            }
        }
    }

    private static void add(final Map<List<String>, Row> rows, final Row row) {
        rows.merge(row.key(), row, Row::plus);
    }
}
