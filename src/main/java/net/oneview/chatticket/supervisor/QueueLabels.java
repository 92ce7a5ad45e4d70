package net.oneview.chatticket.supervisor;

import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounded label values for the per-queue gauges. Queue names and priorities come from ticket data, and every new value
 * is a new time series for as long as Prometheus keeps it: queues named in the pools' configuration keep their names;
 * of the others, the first {@code maxQueues} this instance counts keep theirs (for the life of the process) and the
 * rest are {@value #OTHER}; priorities outside the known levels are {@value #OTHER} too. Used by one thread at a time.
 */
final class QueueLabels {

    static final String OTHER = "other";

    private final Set<String> configured;
    private final int maxQueues;
    private final Set<String> priorities = new HashSet<>();
    /** The queues not configured that have a label of their own. */
    private final Set<String> named = new HashSet<>();

    QueueLabels(final Collection<String> configured, final int maxQueues, final Collection<Integer> priorities) {
        if (maxQueues < 0) {
            throw new IllegalArgumentException("chat-ticket.metrics.max-queues must not be negative: " + maxQueues);
        }
        this.configured = Set.copyOf(configured);
        this.maxQueues = maxQueues;
        priorities.forEach(priority -> this.priorities.add(Integer.toString(priority)));
    }

    /** The queues' waiting tickets by pool, queue and priority label, added up where labels merge. */
    Map<Tags, Long> waiting(final List<QueueOverview.Figures> queues) {
        final Map<Tags, Long> rows = new LinkedHashMap<>();
        for (final QueueOverview.Figures queue : queues) {
            if (queue.waitingByPriority().isEmpty()) {
                continue;  // agents only: nothing to show, and no label taken
            }
            final Tags tags = Tags.of("pool", queue.pool(), "queue", queue(queue.queue()));
            queue.waitingByPriority().forEach((priority, count) ->
                    rows.merge(tags.and("priority", priority(priority)), count, Long::sum));
        }
        return rows;
    }

    /**
     * The queues' waiting tickets by pool, queue label and routing step, added up where labels merge. Steps need no
     * bound of their own: a queue has as many as its configuration gives it (and "preferred").
     */
    Map<Tags, Long> waitingByStep(final List<QueueOverview.Figures> queues) {
        final Map<Tags, Long> rows = new LinkedHashMap<>();
        for (final QueueOverview.Figures queue : queues) {
            if (queue.waitingByStep() == null || queue.waitingByStep().isEmpty()) {
                continue;
            }
            final Tags tags = Tags.of("pool", queue.pool(), "queue", queue(queue.queue()));
            queue.waitingByStep().forEach((step, count) -> rows.merge(tags.and("step", step), count, Long::sum));
        }
        return rows;
    }

    /** The offers pending by pool and queue label, added up where labels merge; queues with none left out. */
    Map<Tags, Long> offersPending(final List<QueueOverview.Figures> queues) {
        final Map<Tags, Long> rows = new LinkedHashMap<>();
        for (final QueueOverview.Figures queue : queues) {
            if (queue.offersPending() > 0) {
                rows.merge(Tags.of("pool", queue.pool(), "queue", queue(queue.queue())), queue.offersPending(),
                        Long::sum);
            }
        }
        return rows;
    }

    /** The oldest wait by pool and queue label: the longest where labels merge. */
    Map<Tags, Long> oldest(final List<QueueOverview.Figures> queues) {
        final Map<Tags, Long> rows = new LinkedHashMap<>();
        for (final QueueOverview.Figures queue : queues) {
            if (queue.oldestWaitingSeconds() != null) {
                rows.merge(Tags.of("pool", queue.pool(), "queue", queue(queue.queue())), queue.oldestWaitingSeconds(),
                        Math::max);
            }
        }
        return rows;
    }

    private String queue(final String name) {
        if (configured.contains(name) || named.contains(name)) {
            return name;
        }
        if (named.size() < maxQueues) {
            named.add(name);
            return name;
        }
        return OTHER;
    }

    private String priority(final String level) {
        return priorities.contains(level) ? level : OTHER;
    }
}
