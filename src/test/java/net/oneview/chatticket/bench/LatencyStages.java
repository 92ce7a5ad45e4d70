package net.oneview.chatticket.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.PoolEvent;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a ticket's time goes between its sending and its decision: when the routing stage wrote it on to its pool
 * ({@code pool-ticket-events}, read uncommitted), when that write was committed (read committed), when the pool wrote
 * the decision and when the decision was committed. Each stage is watched by a consumer of its own that asks the
 * broker to answer within {@value #FETCH_WAIT_MS} ms, so the figures are the service's, not a reader's fetch wait.
 * For the latency phase at 1 ticket/s (latency-1), where the stages of consecutive tickets do not overlap.
 */
final class LatencyStages implements AutoCloseable {

    private static final int FETCH_WAIT_MS = 5;

    private final Map<String, Long> sent;
    private final Map<String, Map<String, Long>> seen = new LinkedHashMap<>();
    private final List<Watch<?>> watches = new ArrayList<>();

    /** @param sent each ticket's sending, System.nanoTime(), by ticket id (filled while the probe runs) */
    LatencyStages(final BenchConfig config, final ServiceProcess service, final Map<String, Long> sent) {
        this.sent = sent;
        final String routed = "bench-" + service.suffix + "-" + net.oneview.chatticket.topology.TopologyFactory
                .POOL_TICKET_EVENTS_TOPIC + "-repartition";
        final String decided = service.topics().ticketAssignments();
        try {
            watchAll(config, routed, decided);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void watchAll(final BenchConfig config, final String routed, final String decided) {
        watch(config, "routed written", routed, "read_uncommitted", PoolEvent.class,
                event -> event.getTicketCreated() == null ? null : event.getTicketCreated().getId());
        watch(config, "routed committed", routed, "read_committed", PoolEvent.class,
                event -> event.getTicketCreated() == null ? null : event.getTicketCreated().getId());
        watch(config, "decided written", decided, "read_uncommitted", TicketAssignment.class,
                TicketAssignment::getTicketId);
        watch(config, "decided committed", decided, "read_committed", TicketAssignment.class,
                TicketAssignment::getTicketId);
    }

    private <V> void watch(final BenchConfig config, final String stage, final String topic, final String isolation,
            final Class<V> type, final Function<V, String> ticketId) {
        final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        seen.put(stage, firstSeen);
        final Watch<V> watch = new Watch<>(config, topic, isolation, ticketId, firstSeen);
        watches.add(watch);
        watch.thread.start();
    }

    /**
     * Per stage: p50 and p99 in ms from the sending, over the tickets sent at or after {@code from} (nanoTime), and how
     * many; NaN for a stage that saw none of them.
     *
     * @throws IllegalStateException when a stage's consumer failed
     */
    Map<String, Object> figures(final long from) {
        for (final Watch<?> watch : watches) {
            if (watch.failure != null) {
                throw new IllegalStateException("watching " + watch.topic + " failed", watch.failure);
            }
        }
        final Map<String, Object> figures = new LinkedHashMap<>();
        seen.forEach((stage, firstSeen) -> {
            final Histogram histogram = new Histogram(60_000_000_000L, 3);
            firstSeen.forEach((ticket, at) -> {
                final Long sentAt = sent.get(ticket);
                if (sentAt != null && sentAt >= from) {
                    histogram.recordValue(Math.max(0, at - sentAt));
                }
            });
            final String key = stage.replace(' ', '_');
            final boolean none = histogram.getTotalCount() == 0;
            figures.put(key + "_tickets", histogram.getTotalCount());
            figures.put(key + "_p50_ms", none ? Double.NaN : histogram.getValueAtPercentile(50) / 1e6);
            figures.put(key + "_p99_ms", none ? Double.NaN : histogram.getValueAtPercentile(99) / 1e6);
        });
        return figures;
    }

    @Override
    public void close() {
        for (final Watch<?> watch : watches) {
            watch.running = false;
        }
        try {
            for (final Watch<?> watch : watches) {
                watch.thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One consumer of every partition of a topic, from its start, noting when each ticket is first seen there. */
    private static final class Watch<V> {

        private final String topic;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Throwable failure;

        Watch(final BenchConfig config, final String topic, final String isolation,
                final Function<V, String> ticketId, final Map<String, Long> firstSeen) {
            this.topic = topic;
            thread = new Thread(() -> {
                try (KafkaConsumer<String, V> consumer = consumer(config, isolation)) {
                    final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
                            .stream().map(info -> new TopicPartition(topic, info.partition())).toList();
                    if (partitions.isEmpty()) {
                        throw new IllegalStateException("no partitions of " + topic);
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    while (running) {
                        consumer.poll(Duration.ofMillis(20)).forEach(record -> {
                            final String id = record.value() == null ? null : ticketId.apply(record.value());
                            if (id != null) {
                                firstSeen.putIfAbsent(id, System.nanoTime());
                            }
                        });
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
            }, "bench-stages-" + topic + "-" + isolation);
            thread.setDaemon(true);
        }

        private static <V> KafkaConsumer<String, V> consumer(final BenchConfig config, final String isolation) {
            final Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-stages-" + UUID.randomUUID());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_WAIT_MS);
            return new KafkaConsumer<>(props, new StringDeserializer(), new ConfluentAvroDeserializer<>(Map.of(
                    "schema.registry.url", config.registry(), "specific.avro.reader", true), false));
        }
    }
}
