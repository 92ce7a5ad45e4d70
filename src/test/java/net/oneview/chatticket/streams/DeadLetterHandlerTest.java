package net.oneview.chatticket.streams;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.avro.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Failures: a record that is bad (its processor cannot apply it, its schema id is unknown) goes to the dead letters and
 * the pipeline goes on; a failure that is not the record's fault (a store, the producer, the registry failing) fails
 * the task, which Streams retries from its last commit, and writes no dead letter: nothing good is skipped.
 */
@EmbeddedKafka(partitions = 1, topics = {"dead-letters", "dead-letters-logged"})
class DeadLetterHandlerTest {

    @Test
    void onlyBadRecordsBecomeDeadLetters(final EmbeddedKafkaBroker broker) {
        final DeadLetterHandler handler = new DeadLetterHandler();
        final List<String> observed = new ArrayList<>();
        handler.configure(Map.of(DeadLetterHandler.TOPIC_CONFIG, "dead-letters",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-test",
                DeadLetterHandler.OBSERVER_CONFIG, (DeadLetterObserver) (topic, reason) ->
                        observed.add(topic + " " + reason.tag())));

        assertThat(handler.handle(context("store-failure"), new Record<>("pool", "event", 0L),
                new IllegalStateException("RocksDB write failed"))).isEqualTo(ProcessingHandlerResponse.FAIL);
        assertThat(handler.handle(context("bad-content"), new Record<>("pool", "event", 0L),
                new UnprocessableEventException("cannot apply", new IllegalArgumentException("no queue"))))
                .isEqualTo(ProcessingHandlerResponse.CONTINUE);
        assertThat(handler.handle(context("registry-down"), read("registry-down"), new SerializationException("cannot read",
                new SchemaRegistryException(503, 503, "registry restarting"))))
                .isEqualTo(DeserializationHandlerResponse.FAIL);
        assertThat(handler.handle(context("unknown-id"), read("unknown-id"), new SerializationException("cannot read",
                new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "id 99"))))
                .isEqualTo(DeserializationHandlerResponse.CONTINUE);

        final List<String> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaTestUtils.consumerProps(broker,
                "dead-letter-test", false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("dead-letters"));
            for (final ConsumerRecord<byte[], byte[]> letter : KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(10))) {
                letters.add(new String(letter.value(), StandardCharsets.UTF_8) + " "
                        + new String(letter.headers().lastHeader("dead-letter.error").value(), StandardCharsets.UTF_8));
            }
        }
        assertThat(letters).containsExactly("bad-content cannot apply: no queue",
                "unknown-id cannot read: schema not found (registry error 40403): id 99");
        assertThat(observed).as("each letter counted with its reason, failed tasks not")
                .containsExactly("pool-ticket-events processing", "pool-ticket-events deserialization");
    }

    @Test
    void aLetterTheBrokerCannotTakeFailsTheTaskWithinTheWriteTimeoutNeverLater() throws Exception {
        final int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of(DeadLetterHandler.TOPIC_CONFIG, "dead-letters",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort,
                StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-unreachable-test",
                DeadLetterHandler.WRITE_TIMEOUT_CONFIG, 2_000));

        // the stream thread must be back well before its transaction times out (60 s): here within 10 s
        final ProcessingHandlerResponse response = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> handler.handle(context("bad-content"), new Record<>("pool", "event", 0L),
                        new UnprocessableEventException("cannot apply", new IllegalArgumentException("no queue"))));

        assertThat(response).as("no letter written: the record is not skipped").isEqualTo(ProcessingHandlerResponse.FAIL);
    }

    @Test
    void theLogLineOfADeadLetterCarriesTheTicketOrAgentIdOfItsKey(final EmbeddedKafkaBroker broker) {
        final DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of(DeadLetterHandler.TOPIC_CONFIG, "dead-letters-logged",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-log-test",
                DeadLetterHandler.TICKET_TOPICS_CONFIG, "ticket-created, ticket-status",
                DeadLetterHandler.AGENT_TOPICS_CONFIG, "agent-status"));
        final Logger logger = (Logger) LoggerFactory.getLogger(DeadLetterHandler.class);
        final ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            for (final String[] record : new String[][] {{"ticket-created", "ticket-7"}, {"agent-status", "agent-1"},
                    {"pool-ticket-events", "pool"}}) {
                assertThat(handler.handle(context("unknown-id"), new ConsumerRecord<>(record[0], 0, 8L,
                        record[1].getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8)),
                        new SerializationException("cannot read", new SchemaRegistryException(404,
                                SchemaRegistryException.SCHEMA_NOT_FOUND, "id 99"))))
                        .isEqualTo(DeserializationHandlerResponse.CONTINUE);
            }
        } finally {
            logger.detachAppender(lines);
        }

        assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().contains("moved to"))
                .extracting(ILoggingEvent::getMDCPropertyMap)
                .containsExactly(Map.of("ticketId", "ticket-7"), Map.of("agentId", "agent-1"), Map.of());
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> read(final String value) {
        return new ConsumerRecord<>("ticket-created", 0, 7L, new byte[0], value.getBytes(StandardCharsets.UTF_8));
    }

    /** Where a failing record came from; its source value is the given text. */
    private static ErrorHandlerContext context(final String value) {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "pool-ticket-events";
            }

            @Override
            public int partition() {
                return 0;
            }

            @Override
            public long offset() {
                return 42;
            }

            @Override
            public Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "assignment-processor";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(2, 0);
            }

            @Override
            public long timestamp() {
                return 0;
            }

            @Override
            public byte[] sourceRawKey() {
                return "pool".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] sourceRawValue() {
                return value.getBytes(StandardCharsets.UTF_8);
            }
        };
    }
}
