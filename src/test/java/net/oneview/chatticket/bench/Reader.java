package net.oneview.chatticket.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A read_committed consumer of every partition of a topic from its start, on its own thread: what the bench sees of
 * what the service decided, as a client of it would.
 */
final class Reader<V> implements AutoCloseable {

    private final AtomicBoolean done = new AtomicBoolean();
    private final Thread thread;
    private final IntSupplier count;
    private final AtomicBoolean failed = new AtomicBoolean();

    /** @param count what {@link #awaitCount} waits on, as {@code onRecord} counts it */
    Reader(final BenchConfig config, final String topic, final Consumer<V> onRecord, final IntSupplier count) {
        this.count = count;
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(Map.of("schema.registry.url", config.registry(),
                        "specific.avro.reader", true), false));
        consumer.subscribe(List.of(topic));
        thread = new Thread(() -> {
            try (consumer) {
                while (!done.get()) {
                    consumer.poll(Duration.ofMillis(50)).forEach(record -> onRecord.accept(record.value()));
                }
            } catch (RuntimeException e) {
                failed.set(true);
                throw e;
            }
        }, "bench-reader-" + topic);
        thread.start();
    }

    /** Until the count reaches {@code expected}, with a progress line every 5 s; throws after the timeout. */
    void awaitCount(final int expected, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        while (count.getAsInt() < expected) {
            if (failed.get() || System.nanoTime() > deadline) {
                throw new IllegalStateException("saw " + count.getAsInt() + " of " + expected + " records");
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                BenchRun.progress("seen", count.getAsInt(), expected);
                lastReport = System.nanoTime();
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        done.set(true);
        thread.join();
    }
}
