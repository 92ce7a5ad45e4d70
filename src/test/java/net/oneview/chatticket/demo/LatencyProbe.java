package net.oneview.chatticket.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.events.TicketCreated;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Against `make run`: tickets of one queue at a fixed rate (open loop); prints the time from each send to its first
 * decision as a read_committed consumer of ticket-assignments sees it. Args: queue, tickets per second, seconds, and
 * optionally "close": each assigned ticket is closed as soon as its decision is seen, so agents keep free capacity.
 */
public final class LatencyProbe {

    private static final String BROKER = System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    private static final String REGISTRY = System.getenv().getOrDefault("REGISTRY_URL",
            "http://127.0.0.1:8081/apis/ccompat/v7");
    private static final String CREATED = System.getenv().getOrDefault("TICKET_CREATED_TOPIC", "ticket-created");
    private static final String STATUS = System.getenv().getOrDefault("TICKET_STATUS_TOPIC", "ticket-status");
    private static final String DECISIONS = System.getenv().getOrDefault("TICKET_ASSIGNMENTS_TOPIC",
            "ticket-assignments");

    private LatencyProbe() {
    }

    public static void main(final String[] args) throws Exception {
        final String queue = args[0];
        final int rate = Integer.parseInt(args[1]);
        final int seconds = Integer.parseInt(args[2]);
        final boolean close = args.length > 3 && args[3].equals("close");
        final Map<String, Long> sent = new ConcurrentHashMap<>();
        final Map<String, Long> latencies = new ConcurrentHashMap<>();
        final long[] firstSend = {0};
        final Map<String, String> kinds = new ConcurrentHashMap<>();
        final AtomicBoolean done = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicLong lastDecision = new java.util.concurrent.atomic.AtomicLong();
        final Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final KafkaConsumer<String, TicketAssignment> consumer = new KafkaConsumer<>(consumerProps,
                new StringDeserializer(), new ConfluentAvroDeserializer<>(Map.of("schema.registry.url", REGISTRY,
                "specific.avro.reader", true), false));
        consumer.subscribe(List.of(DECISIONS));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        final Properties closerProps = new Properties();
        closerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER);
        final KafkaProducer<String, TicketStatusChanged> closer = new KafkaProducer<>(closerProps,
                new StringSerializer(), new ConfluentAvroSerializer<>(Map.of("schema.registry.url", REGISTRY), false));
        final Thread reader = new Thread(() -> {
            while (!done.get()) {
                consumer.poll(Duration.ofMillis(50)).forEach(record -> {
                    final Long at = sent.get(record.key());
                    if (at != null && latencies.putIfAbsent(record.key(), System.nanoTime() - at) == null) {
                        lastDecision.set(System.nanoTime());
                        kinds.put(record.key(), record.value().getDecision().name());
                    }
                    if (at != null && close && record.value().getDecision() == Decision.ASSIGNED) {
                        closer.send(new ProducerRecord<>(STATUS, record.key(), TicketStatusChanged.newBuilder()
                                .setTicketId(record.key()).setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build()));
                    }
                });
            }
            consumer.close();
            closer.close();
        });
        reader.start();
        final Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER);
        try (KafkaProducer<String, TicketCreated> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", REGISTRY), false))) {
            final long start = System.nanoTime();
            firstSend[0] = start;
            final long interval = 1_000_000_000L / rate;
            for (long i = 0; i < (long) rate * seconds; i++) {
                final long due = start + i * interval;
                final long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);  // not a spin: the probe shares two cores with what it measures
                }
                final String id = UUID.randomUUID().toString();
                sent.put(id, System.nanoTime());
                producer.send(new ProducerRecord<>(CREATED, id, TicketCreated.newBuilder().setId(id)
                        .setCreatedAt(Instant.now()).setQueue(queue).setChannel("chat").setContent("{}")
                        .setPriority(1 + (int) (i % 5)).build()));
            }
        }
        final long deadline = System.currentTimeMillis() + 30_000;
        while (latencies.size() < sent.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        if (close) {
            Thread.sleep(5_000);  // go on closing tickets that were queued first and assigned since
        }
        done.set(true);
        reader.join();
        final List<Long> millis = new ArrayList<>(latencies.values().stream().map(n -> n / 1_000_000).sorted().toList());
        System.out.printf("%d tickets at %d/s, %d decided (%s)%n", sent.size(), rate, millis.size(),
                kinds.values().stream().distinct().toList());
        System.out.printf("throughput: %d decisions in %.1f s = %.0f/s%n", millis.size(),
                (lastDecision.get() - firstSend[0]) / 1e9, millis.size() / ((lastDecision.get() - firstSend[0]) / 1e9));
        System.out.printf("send -> first decision (ms): p50 %d  p90 %d  p99 %d  max %d%n", pct(millis, 50),
                pct(millis, 90), pct(millis, 99), millis.get(millis.size() - 1));
    }

    private static long pct(final List<Long> sorted, final double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }
}
