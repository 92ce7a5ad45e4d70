package net.oneview.chatticket.supervisor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.oneview.chatticket.assignment.AssignmentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This instance's share of the supervisor's counts as gauges, recounted every {@code chat-ticket.metrics.queues-interval}
 * from the partitions it holds: Prometheus adds the instances up ({@code sum by (queue)}, and {@code max} for the
 * oldest wait). Queue and priority labels are bounded ({@link QueueLabels}).
 */
@Component
class QueueMetrics implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);

    private final QueuesService queues;
    private final QueueLabels labels;
    private final MultiGauge waiting;
    private final MultiGauge waitingByStep;
    private final MultiGauge oldest;
    private final MultiGauge agents;
    private final MultiGauge free;
    private final MultiGauge offers;
    private final MultiGauge away;
    private final MultiGauge wrapUps;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "queue-metrics");
        thread.setDaemon(true);
        return thread;
    });

    QueueMetrics(final QueuesService queues, final MeterRegistry registry, final AssignmentProperties rules,
            @Value("${chat-ticket.metrics.queues-interval:15s}") final Duration interval,
            @Value("${chat-ticket.metrics.max-queues:50}") final int maxQueues,
            @Value("${chat-ticket.metrics.priority-levels:1,2,3,4,5}") final List<Integer> priorities) {
        this.queues = queues;
        this.labels = new QueueLabels(rules.pools().values().stream().flatMap(List::stream).toList(), maxQueues,
                priorities);
        this.waiting = MultiGauge.builder("chat.ticket.queue.waiting.tickets")
                .description("tickets waiting in the queue, by priority (this instance's partitions)").register(registry);
        this.waitingByStep = MultiGauge.builder("chat.ticket.queue.waiting.by.step")
                .description("tickets waiting in the queue, by the routing step they are at ('preferred': waiting for "
                        + "their preferred agent) (this instance's partitions)").register(registry);
        this.oldest = MultiGauge.builder("chat.ticket.queue.oldest.waiting").baseUnit("seconds")
                .description("how long the queue's oldest waiting ticket has waited since it was created")
                .register(registry);
        this.agents = MultiGauge.builder("chat.ticket.pool.agents.online")
                .description("agents online in the pool (this instance's partitions)").register(registry);
        this.free = MultiGauge.builder("chat.ticket.pool.free.capacity")
                .description("free capacity of the pool's online agents (this instance's partitions)").register(registry);
        this.offers = MultiGauge.builder("chat.ticket.queue.offers.pending")
                .description("tickets of the queue offered to an agent and not answered yet (this instance's partitions)")
                .register(registry);
        this.away = MultiGauge.builder("chat.ticket.pool.agents.away")
                .description("agents of the pool set away for letting offers expire (this instance's partitions)")
                .register(registry);
        this.wrapUps = MultiGauge.builder("chat.ticket.pool.wrap.ups")
                .description("slots of the pool's agents kept for wrap-up after a close (this instance's partitions)")
                .register(registry);
        if (!interval.isZero()) {  // 0: no gauges (each count reads every open ticket of this instance's pools)
            timer.scheduleWithFixedDelay(this::update, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void update() {
        try {
            final QueueOverview share = queues.localOverview();
            waiting.register(rows(labels.waiting(share.queues())), true);
            waitingByStep.register(rows(labels.waitingByStep(share.queues())), true);
            oldest.register(rows(labels.oldest(share.queues())), true);
            agents.register(share.pools().stream()
                    .map(pool -> MultiGauge.Row.of(Tags.of("pool", pool.pool()), pool.agentsOnline())).toList(), true);
            free.register(share.pools().stream()
                    .map(pool -> MultiGauge.Row.of(Tags.of("pool", pool.pool()), pool.freeCapacity())).toList(), true);
            offers.register(rows(labels.offersPending(share.queues())), true);
            away.register(share.pools().stream()
                    .map(pool -> MultiGauge.Row.of(Tags.of("pool", pool.pool()), pool.agentsAway())).toList(), true);
            wrapUps.register(share.pools().stream()
                    .map(pool -> MultiGauge.Row.of(Tags.of("pool", pool.pool()), pool.wrapUps())).toList(), true);
        } catch (RuntimeException e) {
            log.debug("queue metrics not counted now: {}", e.getMessage());
        }
    }

    private static List<MultiGauge.Row<?>> rows(final Map<Tags, Long> values) {
        final List<MultiGauge.Row<?>> rows = new ArrayList<>();
        values.forEach((tags, value) -> rows.add(MultiGauge.Row.of(tags, value)));
        return rows;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
