package net.oneview.chatticket.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code make replay-dead-letters}: sends every dead letter not replayed before back to the topic and partition it was
 * read from, bytes unchanged, once the cause is fixed (a schema registered late, an engine fix deployed). A letter of
 * an input topic goes back to it; one that its pool could not apply goes back to the pool's repartition topic, past the
 * router, which would otherwise take the ticket for a duplicate.
 *
 * <p>Exactly once: the copies and the replay's position in the dead-letter topic are committed in one transaction
 * (consumer group {@value #GROUP}), so a replay that dies half-way is rolled back and the next run starts where the
 * last committed one ended. A letter that is still bad comes back to the dead letters, marked as replayed.
 *
 * <p>A record is sent back once, however many letters it has: a service killed between writing a letter and committing
 * its transaction reads the record again and writes a second letter for it. Each run reads the topic from its start,
 * so it knows which records (topic, partition, offset) earlier runs sent back.
 *
 * <p>A letter that its pool could not apply reaches the pool past the router and the agent's task: the pool itself
 * drops one that what it applied since makes outdated (a ticket closed meanwhile, an agent's newer status).
 */
public final class DeadLetterReplay {

    public static final String GROUP = "chat-ticket-dead-letter-replay";

    private DeadLetterReplay() {
    }

    /**
     * Environment: {@code KAFKA_BOOTSTRAP} (default make run's broker), {@code DEAD_LETTER_TOPIC},
     * {@code ASSIGNMENTS_TOPIC}.
     */
    public static void main(final String[] args) {
        final String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP",
                "127.0.0.1:" + System.getenv().getOrDefault("KAFKA_PORT", "9092"));
        final String topic = System.getenv().getOrDefault("DEAD_LETTER_TOPIC", "chat-ticket-dead-letters");
        final Map<String, Integer> replayed = replay(bootstrap, topic,
                System.getenv().getOrDefault("ASSIGNMENTS_TOPIC", "ticket-assignments"));
        System.out.printf("read %d dead letters from %s not read before%n",
                replayed.values().stream().mapToInt(Integer::intValue).sum(), topic);
        replayed.forEach((to, count) -> System.out.printf("  %7d to %s%n", count, to));
    }

    /**
     * @param outputTopic ticket-assignments: a letter read back from it (by the decision history) is not sent again,
     *                    as the consumers of decisions would see the decision twice
     * @return how many letters went back to each topic
     */
    public static Map<String, Integer> replay(final String bootstrap, final String deadLetterTopic,
            final String outputTopic) {
        final Map<String, Integer> replayed = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap);
             KafkaProducer<byte[], byte[]> producer = producer(bootstrap, deadLetterTopic)) {
            producer.initTransactions();  // fences a run that died, and rolls back what it had not committed
            final List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic).stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition())).toList();
            consumer.assign(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final Map<TopicPartition, Long> replayedBefore = new HashMap<>();
            consumer.committed(Set.copyOf(partitions)).forEach((partition, committed) ->
                    replayedBefore.put(partition, committed == null ? 0L : committed.offset()));
            consumer.seekToBeginning(partitions);
            final Set<String> sources = new HashSet<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                final ConsumerRecords<byte[], byte[]> letters = consumer.poll(Duration.ofSeconds(1));
                if (letters.isEmpty()) {
                    continue;
                }
                final Map<TopicPartition, OffsetAndMetadata> read = new HashMap<>();
                producer.beginTransaction();
                for (final ConsumerRecord<byte[], byte[]> letter : letters) {
                    final String to = header(letter.headers(), DeadLetterHeaders.TOPIC);
                    final boolean firstLetter = sources.add(to + "-" + header(letter.headers(),
                            DeadLetterHeaders.PARTITION) + "@" + header(letter.headers(), DeadLetterHeaders.OFFSET));
                    final TopicPartition from = new TopicPartition(letter.topic(), letter.partition());
                    if (letter.offset() < replayedBefore.getOrDefault(from, 0L)) {
                        continue;  // handled by an earlier run
                    }
                    read.put(from, new OffsetAndMetadata(letter.offset() + 1));
                    if (!firstLetter) {
                        replayed.merge(to + " (not replayed: a second letter of a record sent back once)", 1,
                                Integer::sum);
                    } else if (to.equals(outputTopic)) {
                        replayed.merge(to + " (not replayed: the decision is on it already)", 1, Integer::sum);
                    } else if (letter.headers().lastHeader(DeadLetterHeaders.COPY_DROPPED) != null) {
                        // too large to have been copied: the original is still at its topic and offset
                        replayed.merge(to + " (not replayed: no copy, see dead-letter.offset)", 1, Integer::sum);
                    } else {
                        producer.send(new ProducerRecord<>(to,
                                Integer.parseInt(header(letter.headers(), DeadLetterHeaders.PARTITION)), null,
                                letter.key(), letter.value(), replayHeaders(letter.headers())));
                        replayed.merge(to, 1, Integer::sum);
                    }
                }
                producer.sendOffsetsToTransaction(read, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
        return replayed;
    }

    /** The source's own headers, without the dead letter's, and the count of replays. */
    private static Headers replayHeaders(final Headers letter) {
        final Headers headers = new RecordHeaders();
        for (final Header header : letter) {
            if (!header.key().startsWith(DeadLetterHeaders.PREFIX)) {
                headers.add(header);
            }
        }
        final String before = letter.lastHeader(DeadLetterHeaders.REPLAYED) == null ? "0" : header(letter, DeadLetterHeaders.REPLAYED);
        headers.add(DeadLetterHeaders.REPLAYED, Integer.toString(Integer.parseInt(before) + 1).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static String header(final Headers headers, final String key) {
        final Header header = headers.lastHeader(key);
        if (header == null) {
            throw new IllegalStateException("a record of the dead-letter topic has no " + key + " header");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final String bootstrap) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap, final String deadLetterTopic) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, GROUP + "-" + deadLetterTopic);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
