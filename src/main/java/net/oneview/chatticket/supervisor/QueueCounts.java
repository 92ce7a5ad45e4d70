package net.oneview.chatticket.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
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
    public static final String PREFERRED = "preferred";
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

        /** @param step the ticket's step key; null on a pool's row (steps are numbered per queue) */
        static Row waiting(final String pool, final String queue, final int priority, final String step,
                final long createdMillis) {
            return new Row(pool, queue, 1, Map.of(priority, 1L), step == null ? Map.of() : Map.of(step, 1L),
                    createdMillis, 0, 0, 0, 0, 0);
        }

        static Row offered(final String pool, final String queue) {
            return new Row(pool, queue, 0, Map.of(), Map.of(), null, 0, 0, 1, 0, 0);
        }

        static Row agent(final String pool, final String queue, final int freeCapacity, final boolean away,
                final int wrapUps) {
            return new Row(pool, queue, 0, Map.of(), Map.of(), null, 1, freeCapacity, 0, away ? 1 : 0, wrapUps);
        }
    }

    /**
     * The step a waiting ticket is at, as its record says: {@value #PREFERRED} while it waits for its preferred agent
     * alone, else its queue's step ({@code routeStep}, 0 the first) as of its last entry in the backlog (a step's
     * timer moves it on).
     */
    static String step(final PoolTicket ticket) {
        return ticket.getPreferredUntil() != null ? PREFERRED : Integer.toString(ticket.getRouteStep());
    }

    /** Counts one partition: waiting tickets (and arrivals not decided yet) and online agents. */
    static QueueCounts count(final int partition, final ReadOnlyKeyValueStore<String, PoolTicket> tickets,
            final ReadOnlyKeyValueStore<String, PoolAgent> agents) {
        final Map<List<String>, Row> rows = new HashMap<>();
        try (KeyValueIterator<String, PoolTicket> all = tickets.all()) {
            while (all.hasNext()) {
                final KeyValue<String, PoolTicket> entry = all.next();
                final PoolTicket ticket = entry.value;
                if (ticket.getAgentId() == null) {
                    final String pool = pool(entry.key);
                    final int priority = ticket.getTicket().getPriority();
                    final long created = ticket.getTicket().getCreatedAt().toEpochMilli();
                    add(rows, Row.waiting(pool, ticket.getTicket().getQueue(), priority, step(ticket), created));
                    add(rows, Row.waiting(pool, null, priority, null, created));
                } else if (ticket.getOfferedAt() != null) {
                    final String pool = pool(entry.key);
                    add(rows, Row.offered(pool, ticket.getTicket().getQueue()));
                    add(rows, Row.offered(pool, null));
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
