package net.oneview.chatticket.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code make export FROM=<time> TO=<time> OUT=<file>}: copies the input events of a time range (record timestamps,
 * committed records only) from {@code ticket-created}, {@code ticket-status} and {@code agent-status} into an export
 * file for {@link Replay}. Records that cannot be read are counted and left out (they are in the dead letters).
 *
 * <p>Times are ISO instants ({@code 2026-11-29T10:00:00Z}) or an age ({@code 90m}, {@code 2h}, {@code 7d} ago).
 * Broker and registry come from {@code KAFKA_BOOTSTRAP} and {@code SCHEMA_REGISTRY_URL} (default: {@code make run}'s).
 */
public final class Export {

    private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

    private Export() {
    }

    public static void main(final String[] args) {
        final Instant now = Instant.now();
        final Instant from = time(arg(args, 0, "24h"), now);
        final Instant to = time(arg(args, 1, "0s"), now);
        final Path out = Path.of(arg(args, 2, ".run/export-" + now.getEpochSecond() + ".jsonl"));
        final String bootstrap = env("KAFKA_BOOTSTRAP", "127.0.0.1:" + env("KAFKA_PORT", "9092"));
        final String registry = env("SCHEMA_REGISTRY_URL",
                "http://127.0.0.1:" + env("REGISTRY_PORT", "8081") + "/apis/ccompat/v7");
        final List<RecordedEvent> events = new ArrayList<>();
        final Map<RecordedEvent.Input, Integer> unreadable = new HashMap<>();
        for (final RecordedEvent.Input input : RecordedEvent.Input.values()) {
            read(bootstrap, registry, input, from, to, events, unreadable);
        }
        events.sort(Comparator.comparingLong(RecordedEvent::timestamp));
        RecordedEvent.write(out, events);
        System.out.printf("exported %d events from %s to %s into %s%n", events.size(), from, to, out);
        for (final RecordedEvent.Input input : RecordedEvent.Input.values()) {
            System.out.printf("  %-15s %7d events, %d unreadable left out%n", input.label,
                    events.stream().filter(e -> e.input() == input).count(), unreadable.getOrDefault(input, 0));
        }
    }

    private static void read(final String bootstrap, final String registry, final RecordedEvent.Input input,
            final Instant from, final Instant to, final List<RecordedEvent> events,
            final Map<RecordedEvent.Input, Integer> unreadable) {
        final ConfluentAvroDeserializer<SpecificRecord> values = new ConfluentAvroDeserializer<>(
                Map.of("schema.registry.url", registry, "specific.avro.reader", true), false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(input.label, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final Map<TopicPartition, Long> starts = new HashMap<>();
            partitions.forEach(p -> starts.put(p, from.toEpochMilli()));
            consumer.offsetsForTimes(starts).forEach((partition, found) -> consumer.seek(partition,
                    found == null ? end.get(partition) : found.offset()));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.timestamp() >= to.toEpochMilli() || record.value() == null) {
                        continue;
                    }
                    try {
                        events.add(new RecordedEvent(input, record.key(), record.timestamp(),
                                values.deserialize(record.topic(), record.headers(), record.value())));
                    } catch (RuntimeException e) {
                        unreadable.merge(input, 1, Integer::sum);
                    }
                }
            }
        }
    }

    static Instant time(final String text, final Instant now) {
        final Matcher age = AGE.matcher(text);
        if (age.matches()) {
            final long amount = Long.parseLong(age.group(1));
            return now.minus(switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return Instant.parse(text);
    }

    private static String arg(final String[] args, final int index, final String fallback) {
        return args.length > index && !args[index].isBlank() ? args[index] : fallback;
    }

    private static String env(final String name, final String fallback) {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
