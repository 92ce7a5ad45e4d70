package net.oneview.chatticket.streams;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import net.oneview.chatticket.avro.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be read goes, bytes unchanged, to the dead-letter topic with headers saying where it came
 * from and why; the pipeline goes on only once the broker has it. If the registry cannot be reached the record is
 * not bad, so the task fails (and is retried) instead.
 */
public class DeadLetterHandler implements DeserializationExceptionHandler {

    /** Streams configuration key holding the dead-letter topic's name. */
    public static final String TOPIC_CONFIG = "chat-ticket.dead-letter-topic";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private final Properties producerConfig = new Properties();
    private KafkaProducer<byte[], byte[]> producer;
    private String topic;

    @Override
    public void configure(final Map<String, ?> configs) {
        topic = String.valueOf(configs.get(TOPIC_CONFIG));
        final Properties props = producerConfig;
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters");
    }

    /** Made at the first dead letter: most stream threads never need one. */
    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public DeserializationHandlerResponse handle(final ErrorHandlerContext context,
            final ConsumerRecord<byte[], byte[]> record, final Exception exception) {
        if (registryUnreachable(exception)) {
            log.error("cannot read {}-{}@{}: schema registry unreachable; failing the task so it retries",
                    record.topic(), record.partition(), record.offset(), exception);
            return DeserializationHandlerResponse.FAIL;
        }
        final ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value(), record.headers());
        letter.headers()
                .add("dead-letter.topic", bytes(record.topic()))
                .add("dead-letter.partition", bytes(Integer.toString(record.partition())))
                .add("dead-letter.offset", bytes(Long.toString(record.offset())))
                .add("dead-letter.error", bytes(describe(exception)));
        try {
            producer().send(letter).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeserializationHandlerResponse.FAIL;
        } catch (ExecutionException e) {
            log.error("cannot write {}-{}@{} to {}; failing the task", record.topic(), record.partition(),
                    record.offset(), topic, e.getCause());
            return DeserializationHandlerResponse.FAIL;
        }
        log.warn("unreadable record {}-{}@{} moved to {}: {}", record.topic(), record.partition(), record.offset(),
                topic, describe(exception));
        return DeserializationHandlerResponse.CONTINUE;
    }

    private static boolean registryUnreachable(final Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry && registry.errorCode() < 0) {
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
