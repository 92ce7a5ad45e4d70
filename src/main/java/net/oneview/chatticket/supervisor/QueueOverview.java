package net.oneview.chatticket.supervisor;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/queues}: per queue and per pool, the tickets waiting (by priority; a queue's also by routing
 * step), the oldest one's wait, the agents online who serve it and their free capacity. Agents who serve every queue
 * count in every queue of their pool.
 */
public record QueueOverview(long time, List<Figures> queues, List<Figures> pools) {

    /**
     * One queue's or pool's figures ({@code queue} absent on a pool's); {@code oldestWaitingSeconds} null if none;
     * offers pending (of the queue's tickets), agents away and slots kept for wrap-up (of the agents serving it).
     *
     * @param waitingByStep a queue's waiting tickets by the routing step they are at ("0" the first; "preferred"
     *     while they wait for their preferred agent alone), "preferred" first; absent on a pool's, as each queue
     *     numbers its own steps
     */
    public record Figures(@JsonInclude(JsonInclude.Include.NON_NULL) String queue, String pool, long waiting,
            Map<String, Long> waitingByPriority,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> waitingByStep, Long oldestWaitingSeconds,
            int agentsOnline, int freeCapacity, long offersPending, int agentsAway, int wrapUps) {
    }

    /** "preferred" first (it comes before the queue's steps), then the steps in number order. */
    static final Comparator<String> STEP_ORDER = Comparator.comparingInt(QueueOverview::stepOrder)
            .thenComparing(Comparator.naturalOrder());

    /**
     * @param rows the rows of every partition (see {@link QueueCounts})
     * @param configured pool to its configured queues, shown even when empty
     */
    static QueueOverview of(final Collection<QueueCounts.Row> rows, final Map<String, List<String>> configured,
            final Instant now) {
        final Map<List<String>, QueueCounts.Row> merged = new HashMap<>();
        configured.forEach((pool, queues) -> queues.forEach(queue ->
                merged.put(QueueCounts.Row.key(pool, queue), empty(pool, queue))));
        rows.forEach(row -> merged.merge(row.key(), row, QueueCounts.Row::plus));
        final List<Figures> queues = new ArrayList<>();
        final List<Figures> pools = new ArrayList<>();
        for (final QueueCounts.Row row : merged.values()) {
            if (row.queue() == null) {
                pools.add(figures(row, now));
            } else if (!QueueCounts.ANY_QUEUE.equals(row.queue())) {
                final QueueCounts.Row everyQueue = merged.get(QueueCounts.Row.key(row.pool(), QueueCounts.ANY_QUEUE));
                queues.add(figures(everyQueue == null ? row : row.plus(everyQueue.withoutTickets()), now));
            }
        }
        queues.sort(Comparator.comparing(Figures::pool).thenComparing(Figures::queue));
        pools.sort(Comparator.comparing(Figures::pool));
        return new QueueOverview(now.getEpochSecond(), queues, pools);
    }

    private static QueueCounts.Row empty(final String pool, final String queue) {
        return new QueueCounts.Row(pool, queue, 0, Map.of(), Map.of(), null, 0, 0, 0, 0, 0);
    }

    private static int stepOrder(final String step) {
        if (QueueCounts.PREFERRED.equals(step)) {
            return -1;
        }
        try {
            return Integer.parseInt(step);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;  // not a key this version writes: last
        }
    }

    private static Figures figures(final QueueCounts.Row row, final Instant now) {
        final Map<String, Long> priorities = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
        row.waitingByPriority().forEach((priority, count) -> priorities.put(Integer.toString(priority), count));
        final Long oldest = row.oldestCreatedMillis() == null ? null
                : Math.max(0, (now.toEpochMilli() - row.oldestCreatedMillis()) / 1000);
        Map<String, Long> steps = null;
        if (row.queue() != null) {
            steps = new TreeMap<>(STEP_ORDER);
            steps.putAll(row.waitingByStep());
        }
        return new Figures(row.queue(), row.pool(), row.waiting(), priorities, steps, oldest, row.agentsOnline(),
                row.freeCapacity(), row.offersPending(), row.agentsAway(), row.wrapUps());
    }
}
