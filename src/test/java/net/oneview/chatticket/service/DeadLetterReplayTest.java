package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.oneview.chatticket.avro.AvroSerdeConfig;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.avro.SchemaRegistry;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.streams.DeadLetterReplay;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A ticket whose producer registered its schema late goes to the dead letters; once the schema is there,
 * {@code make replay-dead-letters} sends it back and it is assigned, once, however often the replay runs.
 */
class DeadLetterReplayTest {

    private static final String DEAD_LETTERS = "chat-ticket-dead-letters";

    @Test
    void aDeadLetterReplayedAfterTheFixIsProcessedExactlyOnce() throws Exception {
        final EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, 3).brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        final String scope = "dead-letter-replay-" + UUID.randomUUID();
        final ConfigurableApplicationContext service = Services.start(broker.getBrokersAsString(), scope,
                "dead-letter-replay", "target/streams-state/dead-letter-replay-" + UUID.randomUUID(),
                "--chat-ticket.assignment.arrival-window=0s");
        try {
            final SchemaRegistry registry = SchemaRegistries.forUrl("mock://" + scope);
            send(broker, "agent-status", "ana", serialize(scope, AgentStatusChanged.newBuilder().setAgentId("ana")
                    .setStatus(AgentStatus.ONLINE).setTime(Instant.now()).setStatusSince(Instant.now())
                    .setQueues(List.of("english")).setCapacity(3).build()));
            // the producer's own copy of the schema, not registered yet: an id well past those the service registers
            final Schema late = new Schema.Parser().parse(TicketCreated.getClassSchema().toString()
                    .replace("net.oneview.chatticket.events", "com.example.casemanagement"));
            final int lateId = registry.register("probe", Schema.create(Schema.Type.STRING)) + 100;
            send(broker, "ticket-created", "t-late", framed(lateId, ticket("t-late")));
            send(broker, "ticket-created", "t-on-time", serialize(scope, ticket("t-on-time")));

            await().atMost(Duration.ofSeconds(30)).until(() -> decisions(broker, scope).contains("ASSIGNED t-on-time"));
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterCount(broker) == 1);
            assertThat(decisions(broker, scope)).doesNotContain("ASSIGNED t-late");

            // the producer registers its schema at last (the in-JVM registry gives ids in order)
            for (int filler = 0; registry.register("filler", Schema.createFixed("F" + filler, null, null, 1)) < lateId - 1;
                    filler++) {
                assertThat(filler).isLessThan(100);
            }
            assertThat(registry.register("ticket-created-value", late)).isEqualTo(lateId);
            final Map<String, Integer> first = DeadLetterReplay.replay(broker.getBrokersAsString(), DEAD_LETTERS,
                    "ticket-assignments");
            final Map<String, Integer> second = DeadLetterReplay.replay(broker.getBrokersAsString(), DEAD_LETTERS,
                    "ticket-assignments");

            assertThat(first).isEqualTo(Map.of("ticket-created", 1));
            assertThat(second).isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> decisions(broker, scope).contains("ASSIGNED t-late"));
            send(broker, "ticket-created", "t-after", serialize(scope, ticket("t-after")));
            await().atMost(Duration.ofSeconds(30)).until(() -> decisions(broker, scope).contains("ASSIGNED t-after"));
            assertThat(decisions(broker, scope)).containsExactlyInAnyOrder("ASSIGNED t-on-time", "ASSIGNED t-late",
                    "ASSIGNED t-after");
            assertThat(deadLetterCount(broker)).isEqualTo(1);
        } finally {
            service.close();
            broker.destroy();
            SchemaRegistries.dropMockScope(scope);
        }
    }

    private static TicketCreated ticket(final String id) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue("english").setChannel("chat")
                .setContent("{}").setPriority(1).build();
    }

    /** Confluent's framing by hand, with an id the registry does not know yet. */
    private static byte[] framed(final int schemaId, final TicketCreated ticket) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<TicketCreated>(TicketCreated.getClassSchema()).write(ticket, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] serialize(final String scope, final SpecificRecord value) {
        try (ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>(
                Map.of("schema.registry.url", "mock://" + scope), false)) {
            return serializer.serialize(value instanceof TicketCreated ? "ticket-created" : "agent-status", value);
        }
    }

    private static void send(final EmbeddedKafkaBroker broker, final String topic, final String key, final byte[] value)
            throws Exception {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props,
                new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Every decision on ticket-assignments so far, committed ones only, as "DECISION ticket". */
    private static List<String> decisions(final EmbeddedKafkaBroker broker, final String scope) {
        final List<String> decisions = new ArrayList<>();
        try (KafkaConsumer<String, TicketAssignment> consumer = new KafkaConsumer<>(consumerProps(broker),
                new StringDeserializer(), new ConfluentAvroDeserializer<>(Map.of("schema.registry.url", "mock://" + scope,
                        AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false))) {
            readAll(consumer, "ticket-assignments").forEach(decision -> {
                if (decision.getDecision() == Decision.ASSIGNED) {
                    decisions.add(decision.getDecision() + " " + decision.getTicketId());
                }
            });
        }
        return decisions;
    }

    private static int deadLetterCount(final EmbeddedKafkaBroker broker) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(broker),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return readAll(consumer, DEAD_LETTERS).size();
        }
    }

    /** The topic from its start to its end (as of now), read_committed. */
    private static <K, V> List<V> readAll(final KafkaConsumer<K, V> consumer, final String topic) {
        final var partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        final var end = consumer.endOffsets(partitions);
        final List<V> values = new ArrayList<>();
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
        }
        return values;
    }

    private static Properties consumerProps(final EmbeddedKafkaBroker broker) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }
}
