package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.oneview.chatticket.ChatTicketApplication;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.testing.ApicurioProcess;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first burst a freshly started service reads keeps priority as a warm one does. As a user runs it: a new service
 * process configured through environment variables, a real registry, and tickets from an outside producer that
 * registered its own schema (an id the service has never seen) and frames Confluent's wire format itself.
 */
@EmbeddedKafka(partitions = 6, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class FirstBurstAfterStartTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int AGENTS = 3;
    private static final int CAPACITY = 3;
    /** 4 of priority 1 and 5 of priority 2: the 9 that must be assigned; 21 less urgent ones around them. */
    private static final int[] PRIORITIES = {1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4,
        5, 5, 5, 5, 5, 5, 5};

    private final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(),
            Map.of("scope", "tickets:supervise"));

    @Test
    void theFirstBurstAfterAStartIsAssignedByPriority(final EmbeddedKafkaBroker broker) throws Exception {
        try (ApicurioProcess registry = ApicurioProcess.start("first-burst-registry.log")) {
            final int port = ApicurioProcess.freePort();
            final Process service = start(broker, registry, port);
            try {
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> HTTP.send(HttpRequest
                        .newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                final List<String> agents = new ArrayList<>();
                for (int i = 0; i < AGENTS; i++) {
                    final String agent = UUID.randomUUID().toString();
                    final String token = Tokens.forAgent(agent, Map.of("queues", List.of("english"),
                            "capacity", CAPACITY));
                    assertThat(call(port, "PUT", "/v1/" + agent + "/online", token).statusCode()).isEqualTo(200);
                    agents.add(agent);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> call(port, "GET", "/v1/queues", supervisor).body()
                        .contains("\"queue\":\"english\",\"pool\":\"default\",\"waiting\":0,\"waitingByPriority\":{},"
                                + "\"waitingByStep\":{},"
                                + "\"oldestWaitingSeconds\":null,\"agentsOnline\":" + AGENTS + ","));

                final Map<String, Integer> priorities = sendBurst(broker, registry);

                await().atMost(Duration.ofSeconds(30)).until(() -> assigned(port, agents).size() == AGENTS * CAPACITY);
                final List<Integer> assigned = assigned(port, agents).stream().map(priorities::get).sorted().toList();
                assertThat(assigned).as("priorities of the tickets assigned out of the burst")
                        .containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 2);
            } finally {
                service.destroyForcibly().waitFor();
            }
        }
    }

    /** The burst in one send, in an order where the urgent tickets are spread out; the priority of each ticket id. */
    private static Map<String, Integer> sendBurst(final EmbeddedKafkaBroker broker, final ApicurioProcess registry)
            throws Exception {
        final Schema schema = TicketCreated.getClassSchema();
        final int schemaId = register(registry, "ticket-created-value", schema);
        final List<Integer> order = new ArrayList<>();
        for (final int priority : PRIORITIES) {
            order.add(priority);
        }
        Collections.shuffle(order, new Random(17));
        final Map<String, Integer> priorities = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (final int priority : order) {
                final String id = UUID.randomUUID().toString();
                final GenericRecord ticket = new GenericData.Record(schema);
                ticket.put("id", id);
                ticket.put("createdAt", Instant.now().toEpochMilli());
                ticket.put("queue", "english");
                ticket.put("channel", "chat");
                ticket.put("content", "{\"message\":\"hello\"}");
                ticket.put("priority", priority);
                producer.send(new ProducerRecord<>("ticket-created", id, framed(schemaId, schema, ticket)));
                priorities.put(id, priority);
            }
            producer.flush();
        }
        return priorities;
    }

    /** Confluent's wire format, written by hand: magic byte 0, the schema id, then plain Avro binary. */
    private static byte[] framed(final int schemaId, final Schema schema, final GenericRecord record) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static int register(final ApicurioProcess registry, final String subject, final Schema schema)
            throws Exception {
        final String body = JSON.writeValueAsString(Map.of("schema", schema.toString(), "schemaType", "AVRO"));
        final HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create(registry.url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("id").asInt();
    }

    private List<String> assigned(final int port, final List<String> agents) throws Exception {
        final List<String> ids = new ArrayList<>();
        for (final String agent : agents) {
            final HttpResponse<String> answer = call(port, "GET", "/v1/" + agent + "/tickets", supervisor);
            for (final JsonNode ticket : JSON.readTree(answer.body())) {
                ids.add(ticket.get("id").asString());
            }
        }
        return ids;
    }

    /** A fresh service process on the test's class path, configured through its environment as a user would. */
    private static Process start(final EmbeddedKafkaBroker broker, final ApicurioProcess registry, final int port)
            throws Exception {
        final String run = UUID.randomUUID().toString();
        final ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), ChatTicketApplication.class.getName());
        final Map<String, String> environment = builder.environment();
        environment.put("SPRING_PROFILES_ACTIVE", "dev");
        environment.put("SERVER_ADDRESS", "127.0.0.1");
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", broker.getBrokersAsString());
        environment.put("CHAT_TICKET_SCHEMA_REGISTRY_URL", registry.url());
        environment.put("CHAT_TICKET_AGENTS_DEFAULT_QUEUES", "english");
        environment.put("CHAT_TICKET_STREAMS_APPLICATION_ID", "first-burst-" + run);
        environment.put("CHAT_TICKET_STREAMS_STATE_DIR", "target/streams-state/first-burst-" + run);
        return builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "first-burst.log").toFile()))
                .start();
    }

    private static HttpResponse<String> call(final int port, final String method, final String path,
            final String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
