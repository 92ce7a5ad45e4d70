package net.oneview.chatticket.demo;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Customer;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * `make demo`: against `make run`, three agents go online over HTTP (their agent-status events are read back through
 * the registry, as analytics read them), a producer writes tickets in Confluent's format, and the demo prints each
 * decision from ticket-assignments and what each agent's GET returns.
 */
public final class Demo {

    private static final String SERVICE = System.getenv().getOrDefault("SERVICE_URL", "http://127.0.0.1:8080");
    private static final String BROKER = System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    private static final String REGISTRY = System.getenv().getOrDefault("REGISTRY_URL",
            "http://127.0.0.1:8081/apis/ccompat/v7");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Agent(String name, String id, List<String> queues, int capacity, String token) {
    }

    private Demo() {
    }

    public static void main(final String[] args) throws Exception {
        final String secret = secret();
        final List<Agent> agents = List.of(
                agent("Ana", List.of("english"), 2, secret),
                agent("Budi", List.of("english", "bahasa"), 3, secret),
                agent("Chen", List.of("bahasa"), 2, secret));
        try (KafkaConsumer<String, AgentStatusChanged> statuses = consumer("agent-status")) {
            for (final Agent agent : agents) {
                System.out.printf("PUT /v1/%s/online  (%s: queues %s, capacity %d) -> %s%n", agent.id(), agent.name(),
                        agent.queues(), agent.capacity(), http("PUT", "/v1/" + agent.id() + "/online", agent.token()));
            }
            System.out.println("\nagent-status events, as analytics decode them through the registry:");
            final long deadline = System.currentTimeMillis() + 10_000;
            int seen = 0;
            while (seen < agents.size() && System.currentTimeMillis() < deadline) {
                for (final ConsumerRecord<String, AgentStatusChanged> record : statuses.poll(Duration.ofMillis(500))) {
                    final AgentStatusChanged event = record.value();
                    System.out.printf("  %s %-7s %s queues %s capacity %d%n", event.getName(), event.getStatus(),
                            event.getTime(), event.getQueues(), event.getCapacity());
                    seen++;
                }
            }
        }
        try (KafkaConsumer<String, TicketAssignment> decisions = consumer("ticket-assignments");
             KafkaProducer<String, SpecificRecord> producer = producer()) {
            final Random random = new Random();
            final String[] queues = {"english", "bahasa"};
            String firstTicket = null;
            System.out.println("\nproducing 10 tickets (priority 1 = most urgent):");
            for (int i = 1; i <= 10; i++) {
                final String id = UUID.randomUUID().toString();
                firstTicket = firstTicket == null ? id : firstTicket;
                final TicketCreated ticket = TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now())
                        .setQueue(queues[random.nextInt(queues.length)]).setChannel("chat")
                        .setContent("{\"message\":\"hello from customer " + i + "\"}")
                        .setPriority(1 + random.nextInt(3)).setStatusReason("Internal State Change by Workflow Server")
                        .setCustomer(new Customer("customer-" + i, "Hugo", "Dan")).build();
                producer.send(new ProducerRecord<>("ticket-created", id, ticket)).get();
                System.out.printf("  ticket %s  queue %-7s priority %d%n", id.substring(0, 8), ticket.getQueue(),
                        ticket.getPriority());
            }
            printDecisions(decisions, agents, 10);
            System.out.println("\nclosing ticket " + firstTicket.substring(0, 8) + " frees capacity:");
            producer.send(new ProducerRecord<>("ticket-status", firstTicket, TicketStatusChanged.newBuilder()
                    .setTicketId(firstTicket).setStatus(TicketStatus.CLOSED).setStatusReason("solved")
                    .setTime(Instant.now()).build())).get();
            printDecisions(decisions, agents, 1);
        }
        System.out.println();
        for (final Agent agent : agents) {
            System.out.printf("GET /v1/%s/tickets (%s):%n  %s%n", agent.id(), agent.name(),
                    http("GET", "/v1/" + agent.id() + "/tickets", agent.token()));
        }
    }

    private static void printDecisions(final KafkaConsumer<String, TicketAssignment> consumer,
            final List<Agent> agents, final int atLeast) {
        final long deadline = System.currentTimeMillis() + 15_000;
        int seen = 0;
        while (seen < atLeast && System.currentTimeMillis() < deadline) {
            for (final ConsumerRecord<String, TicketAssignment> record : consumer.poll(Duration.ofMillis(500))) {
                final TicketAssignment decision = record.value();
                // an agent that an earlier demo put online (make run keeps its state) shows by its id
                final String agent = decision.getAgentId() == null ? "-" : agents.stream()
                        .filter(a -> a.id().equals(decision.getAgentId())).map(Agent::name).findFirst()
                        .orElse(decision.getAgentId().substring(0, 8));
                System.out.printf("  %-14s ticket %s (priority %d, %s) agent %-5s %s%n", decision.getDecision(),
                        decision.getTicketId().substring(0, 8), decision.getTicket().getPriority(),
                        decision.getTicket().getQueue(), agent, decision.getReason());
                seen++;
            }
        }
    }

    private static Agent agent(final String name, final List<String> queues, final int capacity, final String secret)
            throws Exception {
        final String id = UUID.randomUUID().toString();
        final JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(id).claim("name", name)
                .claim("queues", queues).claim("capacity", capacity)
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))).build();
        final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return new Agent(name, id, queues, capacity, jwt.serialize());
    }

    private static String http(final String method, final String path, final String token) throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(SERVICE + path))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        final HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static KafkaProducer<String, SpecificRecord> producer() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER);
        props.put("schema.registry.url", REGISTRY);
        return new KafkaProducer<>(props, new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", REGISTRY), false));
    }

    /** A consumer of the topic from its end, already assigned its partitions. */
    private static <V> KafkaConsumer<String, V> consumer(final String topic) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(Map.of("schema.registry.url", REGISTRY, "specific.avro.reader", true), false));
        consumer.subscribe(List.of(topic));
        final long deadline = System.currentTimeMillis() + 10_000;
        while (consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }

    private static String secret() throws Exception {
        final String fromEnv = System.getenv("CHAT_TICKET_SECURITY_JWT_SECRET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        final Properties props = new Properties();
        try (InputStream in = Demo.class.getResourceAsStream("/application-dev.properties")) {
            props.load(in);
        }
        return props.getProperty("chat-ticket.security.jwt-secret");
    }
}
