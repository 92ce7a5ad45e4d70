package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Priority holds when many tickets reach the service at once, on a real broker: a burst while the service runs, and
 * the backlog a stopped service finds when it starts. In both, the tickets that get the free capacity are the most
 * urgent ones (priority, then createdAt, then id), whatever order the partitions deliver them in.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class PriorityUnderLoadTest {

    private static final Map<String, Object> SERDE = Map.of("schema.registry.url", "mock://priority-under-load",
            "specific.avro.reader", true);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void inABurstTheMostUrgentTicketsGetTheAgents(final EmbeddedKafkaBroker broker) throws Exception {
        final String queue = "burst";
        try (ConfigurableApplicationContext service = start(broker, "burst")) {
            threeAgentsOnline(service, queue);
            awaitThePoolSeesThreeFreeAgents(broker, queue);

            // 30 tickets in one burst, priorities 5 down to 1: the most urgent ones last, from a producer that is
            // already connected, as the service that creates tickets is
            final List<TicketCreated> tickets = new ArrayList<>();
            try (KafkaProducer<String, TicketCreated> producer = producer(broker)) {
                producer.partitionsFor("ticket-created");
                final Instant now = Instant.now();
                for (int i = 0; i < 30; i++) {
                    tickets.add(ticket(queue, 5 - i / 6, now.plusMillis(i)));
                }
                tickets.forEach(ticket -> send(producer, ticket));
                producer.flush();
            }

            final Map<String, TicketAssignment> decisions = firstDecisions(broker, tickets);
            assertThat(assigned(decisions)).containsExactlyInAnyOrderElementsOf(mostUrgent(tickets, 9));
        }
    }

    @Test
    void afterAnOutageTheBacklogIsServedMostUrgentFirst(final EmbeddedKafkaBroker broker) throws Exception {
        final String queue = "catch-up";
        try (ConfigurableApplicationContext service = start(broker, "catch-up")) {
            threeAgentsOnline(service, queue);
            awaitThePoolSeesThreeFreeAgents(broker, queue);
        }

        // while the service is stopped, 1,000 tickets of random priority, created over an outage of ten seconds
        final Random random = new Random(7);
        final Instant start = Instant.now().minusSeconds(10);
        final List<TicketCreated> tickets = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            tickets.add(ticket(queue, 1 + random.nextInt(5), start.plusMillis(i * 10L)));
        }
        produceAll(broker, tickets);

        try (ConfigurableApplicationContext service = start(broker, "catch-up")) {
            final Map<String, TicketAssignment> decisions = firstDecisions(broker, tickets);
            assertThat(assigned(decisions)).containsExactlyInAnyOrderElementsOf(mostUrgent(tickets, 9));
            assertThat(decisions.values()).filteredOn(d -> d.getDecision() == Decision.QUEUED).hasSize(991);
        }
    }

    @Test
    void ticketsHeldWhenTheServiceStopsAreDecidedAfterItsRestartEvenWithTheWindowTurnedOff(
            final EmbeddedKafkaBroker broker) throws Exception {
        final String queue = "held-over-restart";
        final TicketCreated ticket = ticket(queue, 1, Instant.now());
        try (ConfigurableApplicationContext service = start(broker, "held", "--chat-ticket.assignment.arrival-window=10s")) {
            final String agent = UUID.randomUUID().toString();
            final String token = Tokens.forAgent(agent, Map.of("queues", List.of(queue), "capacity", 1));
            assertThat(online(service, agent, token).statusCode()).isEqualTo(200);
            awaitThePoolSees(broker, queue, 1);
            produceAll(broker, List.of(ticket));
            // held for ten seconds: the service stops before it decides
            await().atMost(Duration.ofSeconds(20)).until(() -> heldTickets(service) == 1);
        }

        try (ConfigurableApplicationContext service = start(broker, "held", "--chat-ticket.assignment.arrival-window=0")) {
            assertThat(firstDecisions(broker, List.of(ticket)).get(ticket.getId()).getDecision())
                    .isEqualTo(Decision.ASSIGNED);
        }
        assertThat(allDecisions(broker, ticket.getId())).as("decided once").hasSize(1);
    }

    private void threeAgentsOnline(final ConfigurableApplicationContext service, final String queue) throws Exception {
        for (int i = 0; i < 3; i++) {
            final String agent = UUID.randomUUID().toString();
            final String token = Tokens.forAgent(agent, Map.of("queues", List.of(queue), "capacity", 3));
            assertThat(online(service, agent, token).statusCode()).isEqualTo(200);
        }
    }

    /**
     * PUT online answers once the agent's own store shows it; the pool task learns of it a commit later. A probe
     * ticket's explanation lists the free agents the pool compared: once it shows all three, the probe is closed.
     */
    private static void awaitThePoolSeesThreeFreeAgents(final EmbeddedKafkaBroker broker, final String queue) {
        awaitThePoolSees(broker, queue, 3);
    }

    private static void awaitThePoolSees(final EmbeddedKafkaBroker broker, final String queue, final int freeAgents) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            final TicketCreated probe = ticket(queue, 9, Instant.now());
            produceAll(broker, List.of(probe));
            final TicketAssignment decision = firstDecisions(broker, List.of(probe)).get(probe.getId());
            produce(broker, "ticket-status", probe.getId(), TicketStatusChanged.newBuilder().setTicketId(probe.getId())
                    .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build());
            return decision.getDecision() == Decision.ASSIGNED
                    && decision.getExplanation().getCandidates().size() == freeAgents;
        });
    }

    private static Set<String> assigned(final Map<String, TicketAssignment> decisions) {
        return Set.copyOf(decisions.values().stream().filter(d -> d.getDecision() == Decision.ASSIGNED)
                .map(TicketAssignment::getTicketId).toList());
    }

    /** The waiting order: priority, then createdAt, then id. */
    private static List<String> mostUrgent(final List<TicketCreated> tickets, final int count) {
        return tickets.stream()
                .sorted(Comparator.comparingInt(TicketCreated::getPriority).thenComparing(TicketCreated::getCreatedAt)
                        .thenComparing(TicketCreated::getId))
                .limit(count).map(TicketCreated::getId).toList();
    }

    /** The first decision about each of the tickets, once every one has one (committed decisions only). */
    private static Map<String, TicketAssignment> firstDecisions(final EmbeddedKafkaBroker broker,
            final List<TicketCreated> tickets) {
        final Set<String> ids = Set.copyOf(tickets.stream().map(TicketCreated::getId).toList());
        final Map<String, TicketAssignment> first = new HashMap<>();
        try (KafkaConsumer<String, TicketAssignment> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ConfluentAvroDeserializer<>(SERDE, false))) {
            consumer.subscribe(List.of("ticket-assignments"));
            await().pollInSameThread().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (ids.contains(record.key())) {
                        first.putIfAbsent(record.key(), record.value());
                    }
                });
                return first.size() == ids.size();
            });
        }
        return first;
    }

    /** The tickets the service's pool task holds right now, read from its arrivals store (two entries each). */
    private static long heldTickets(final ConfigurableApplicationContext service) {
        final KafkaStreams streams = service.getBean(StreamsLifecycle.class).streams();
        final ReadOnlyKeyValueStore<String, String> arrivals = streams.store(StoreQueryParameters.fromNameAndType(
                AssignmentProcessor.ARRIVALS_STORE, QueryableStoreTypes.<String, String>keyValueStore()));
        return arrivals.approximateNumEntries() / 2;
    }

    /** Every committed decision about the ticket. */
    private static List<TicketAssignment> allDecisions(final EmbeddedKafkaBroker broker, final String ticketId) {
        final List<TicketAssignment> decisions = new ArrayList<>();
        try (KafkaConsumer<String, TicketAssignment> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ConfluentAvroDeserializer<>(SERDE, false))) {
            final List<TopicPartition> partitions = consumer.partitionsFor("ticket-assignments").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals(ticketId)) {
                        decisions.add(record.value());
                    }
                });
            }
        }
        return decisions;
    }

    private static ConfigurableApplicationContext start(final EmbeddedKafkaBroker broker, final String name,
            final String... more) {
        return Services.start(broker.getBrokersAsString(), "priority-under-load", name,
                "target/streams-state/" + name + "-" + UUID.randomUUID(), more);
    }

    private static TicketCreated ticket(final String queue, final int priority, final Instant createdAt) {
        return TicketCreated.newBuilder().setId(UUID.randomUUID().toString()).setCreatedAt(createdAt).setQueue(queue)
                .setChannel("chat").setContent("{}").setPriority(priority).build();
    }

    /** All tickets from one producer as fast as it goes, record timestamps = createdAt. */
    private static void produceAll(final EmbeddedKafkaBroker broker, final List<TicketCreated> tickets) {
        try (KafkaProducer<String, TicketCreated> producer = producer(broker)) {
            tickets.forEach(ticket -> send(producer, ticket));
            producer.flush();
        }
    }

    private static KafkaProducer<String, TicketCreated> producer(final EmbeddedKafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ConfluentAvroSerializer<>(SERDE, false));
    }

    private static void send(final KafkaProducer<String, TicketCreated> producer, final TicketCreated ticket) {
        producer.send(new ProducerRecord<>("ticket-created", null, ticket.getCreatedAt().toEpochMilli(),
                ticket.getId(), ticket));
    }

    private static void produce(final EmbeddedKafkaBroker broker, final String topic, final String key,
            final SpecificRecord value) {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ConfluentAvroSerializer<>(SERDE, false))) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static HttpResponse<String> online(final ConfigurableApplicationContext instance, final String agent,
            final String token) throws Exception {
        final String port = instance.getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/" + agent + "/online"))
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
