package net.oneview.chatticket.streams;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.oneview.chatticket.avro.SchemaRegistryException;
import net.oneview.chatticket.logging.LogContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be read, or that its processor cannot apply, goes, bytes unchanged, to the dead-letter topic
 * with headers saying where it came from and why (one too large to copy: the headers alone); the pipeline goes on only
 * once the broker has it. If the registry cannot be reached or fails (5xx), or a store or the producer fails, the
 * record is not bad: the task fails (and is retried) instead.
 */
public class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Streams configuration key holding the dead-letter topic's name. */
    public static final String TOPIC_CONFIG = "chat-ticket.dead-letter-topic";
    /** Streams configuration key holding the {@link DeadLetterObserver} (an object, not a text); none: not observed. */
    public static final String OBSERVER_CONFIG = "chat-ticket.dead-letter-observer";
    /**
     * Streams configuration keys: the topics keyed by ticket id, and those keyed by agent id (comma-separated), whose
     * keys the log lines about their records carry as {@link LogContext#TICKET_ID} and {@link LogContext#AGENT_ID}.
     */
    public static final String TICKET_TOPICS_CONFIG = "chat-ticket.dead-letter.ticket-topics";
    public static final String AGENT_TOPICS_CONFIG = "chat-ticket.dead-letter.agent-topics";
    /**
     * Streams configuration key: the longest a dead letter's write may take, in milliseconds, however the broker
     * fails; then the task fails and is retried. The service sets half the transaction timeout, so that a stream
     * thread waiting for a letter never outlives its transaction.
     */
    public static final String WRITE_TIMEOUT_CONFIG = "chat-ticket.dead-letter.write-timeout-ms";
    /** Half of exactly-once's default transaction timeout. */
    static final long DEFAULT_WRITE_TIMEOUT_MS = 5_000;

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    /** One producer per cluster for the whole JVM: Streams makes a handler per task, and producers are heavy. */
    private static final Map<Object, KafkaProducer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();

    private final Properties producerConfig = new Properties();
    private long writeTimeout = DEFAULT_WRITE_TIMEOUT_MS;
    private String topic;
    private DeadLetterObserver observer = DeadLetterObserver.NONE;
    private Set<String> ticketTopics = Set.of();
    private Set<String> agentTopics = Set.of();

    @Override
    public void configure(final Map<String, ?> configs) {
        topic = String.valueOf(configs.get(TOPIC_CONFIG));
        if (configs.get(OBSERVER_CONFIG) instanceof DeadLetterObserver configured) {
            observer = configured;
        }
        ticketTopics = topics(configs.get(TICKET_TOPICS_CONFIG));
        agentTopics = topics(configs.get(AGENT_TOPICS_CONFIG));
        if (configs.get(WRITE_TIMEOUT_CONFIG) != null) {
            writeTimeout = Long.parseLong(String.valueOf(configs.get(WRITE_TIMEOUT_CONFIG)));
        }
        final Properties props = producerConfig;
        // waiting for metadata, then delivering: each within half the write timeout
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, writeTimeout / 2);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (writeTimeout / 4));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (writeTimeout / 2));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters");
    }

    /** Made at the first dead letter: most runs never need one. */
    private KafkaProducer<byte[], byte[]> producer() {
        return PRODUCERS.computeIfAbsent(new HashMap<>(producerConfig),
                config -> new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Override
    public DeserializationHandlerResponse handle(final ErrorHandlerContext context,
            final ConsumerRecord<byte[], byte[]> record, final Exception exception) {
        try (LogContext.Scope about = about(record.topic(), record.key())) {
            return deadLetter(context, record.key(), record.value(), exception, DeadLetterReason.DESERIALIZATION)
                    ? DeserializationHandlerResponse.CONTINUE : DeserializationHandlerResponse.FAIL;
        }
    }

    /**
     * A record its processor could not apply ({@link UnprocessableEventException}) goes the same way, as its source
     * bytes. Any other processing failure (a store, the producer) is not the record's fault: the task fails and is
     * retried from its last commit, so that no event is half applied.
     */
    @Override
    public ProcessingHandlerResponse handle(final ErrorHandlerContext context, final Record<?, ?> record,
            final Exception exception) {
        try (LogContext.Scope about = about(context.topic(), context.sourceRawKey())) {
            final UnprocessableEventException unprocessable = unprocessable(exception);
            if (unprocessable == null) {
                log.error("processing {}-{}@{} failed, not because of the record: failing the task so that it retries",
                        context.topic(), context.partition(), context.offset(), exception);
                return ProcessingHandlerResponse.FAIL;
            }
            return deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), exception,
                    unprocessable.reason()) ? ProcessingHandlerResponse.CONTINUE : ProcessingHandlerResponse.FAIL;
        }
    }

    /** The record's ticket or agent id (its key) in the log context, as its topic says which. */
    private LogContext.Scope about(final String source, final byte[] key) {
        final String field = ticketTopics.contains(source) ? LogContext.TICKET_ID
                : agentTopics.contains(source) ? LogContext.AGENT_ID : null;
        return field == null || key == null ? LogContext.Scope.NONE
                : LogContext.put(field, new String(key, StandardCharsets.UTF_8));
    }

    private static Set<String> topics(final Object names) {
        return names == null ? Set.of() : Arrays.stream(String.valueOf(names).split(","))
                .map(String::trim).filter(name -> !name.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** @return true once the broker has the dead letter; false when the task must fail instead */
    private boolean deadLetter(final ErrorHandlerContext source, final byte[] key, final byte[] value,
            final Exception exception, final DeadLetterReason reason) {
        final String where = source.topic() + "-" + source.partition() + "@" + source.offset();
        if (registryUnreachable(exception)) {
            log.error("cannot handle {}: the schema registry is unreachable or failing; failing the task so it retries",
                    where, exception);
            return false;
        }
        final ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(topic, null, source.timestamp(), key, value, source.headers());
        letter.headers()
                .add(DeadLetterHeaders.TOPIC, bytes(source.topic()))
                .add(DeadLetterHeaders.PARTITION, bytes(Integer.toString(source.partition())))
                .add(DeadLetterHeaders.OFFSET, bytes(Long.toString(source.offset())))
                .add(DeadLetterHeaders.PROCESSOR, bytes(String.valueOf(source.processorNodeId())))
                .add(DeadLetterHeaders.ERROR, bytes(describe(exception)));
        if (!write(letter, where)) {
            return false;
        }
        log.error("record {} moved to {}: {}", where, topic, describe(exception), exception);
        observer.deadLettered(source.topic(), reason);
        return true;
    }

    /**
     * @return true once the broker has the letter. A record as large as the broker takes is too large to copy with
     *     the headers added: its letter goes without its key, value and own headers, which stay where the headers say.
     */
    private boolean write(final ProducerRecord<byte[], byte[]> letter, final String where) {
        try {
            producer().send(letter).get(writeTimeout, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            log.error("cannot write {} to {} within {} ms; failing the task", where, topic, writeTimeout, e);
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException && !isCopyDropped(letter)) {
                log.warn("{} is too large to copy to {}: its dead letter says where it is instead", where, topic);
                return write(copyDropped(letter), where);
            }
            log.error("cannot write {} to {}; failing the task", where, topic, e.getCause());
            return false;
        }
    }

    private static ProducerRecord<byte[], byte[]> copyDropped(final ProducerRecord<byte[], byte[]> letter) {
        final RecordHeaders headers = new RecordHeaders();
        for (final Header header : letter.headers()) {
            if (header.key().startsWith(DeadLetterHeaders.PREFIX)) {
                headers.add(header);
            }
        }
        headers.add(DeadLetterHeaders.COPY_DROPPED,
                bytes("too large to copy with these headers: read it at its topic, partition, offset"));
        return new ProducerRecord<>(letter.topic(), null, letter.timestamp(), null, null, headers);
    }

    private static boolean isCopyDropped(final ProducerRecord<byte[], byte[]> letter) {
        return letter.headers().lastHeader(DeadLetterHeaders.COPY_DROPPED) != null;
    }

    /** The exception, or its first cause, saying that the record is bad; null when the record is not at fault. */
    private static UnprocessableEventException unprocessable(final Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof UnprocessableEventException bad) {
                return bad;
            }
        }
        return null;
    }

    private static boolean registryUnreachable(final Throwable exception) {
        return causedBy(exception, t -> t instanceof SchemaRegistryException registry && registry.isTransient());
    }

    /** Whether the exception or one of its causes is such. */
    private static boolean causedBy(final Throwable exception, final Predicate<Throwable> such) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (such.test(t)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(final Throwable exception) {
        final StringBuilder text = new StringBuilder(String.valueOf(exception.getMessage()));
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
