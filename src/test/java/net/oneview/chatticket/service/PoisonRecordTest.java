package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.oneview.chatticket.assignment.AssignmentProperties;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.service.BadRecords.Bad;
import net.oneview.chatticket.service.BadRecords.Outcome;
import net.oneview.chatticket.streams.InputCheck;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Bad records on every topic the service reads, each sent between two good records on the same partition: every bad
 * one ends on the dead-letter topic with its reason (a ticket the engine cannot assign: as a REJECTED decision with
 * its reason, as documented), and every good one around them is processed. A bad record that stopped its partition
 * would hold back every good record after it.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordTest {

    private static final String SCOPE = "poison";
    private static final Map<String, Object> SERDE = Map.of("schema.registry.url", "mock://" + SCOPE,
            "specific.avro.reader", true);
    private static final String TICKET_CREATED = "ticket-created";
    private static final String TICKET_STATUS = "ticket-status";
    private static final String AGENT_STATUS = "agent-status";
    private static final String TICKET_ASSIGNMENTS = "ticket-assignments";
    private static final String DEAD_LETTERS = "chat-ticket-dead-letters";
    private static final int PARTITIONS = 3;
    /** Every record of a test goes to this partition, so that one stuck record would hold back all after it. */
    private static final int PARTITION = 0;
    private static final int MAX_TICKET_CHARS = AssignmentProperties.DEFAULT_MAX_TICKET_CHARS;
    /** Characters of text that make a record about as large as the broker takes by default (1 MB). */
    private static final int AT_BROKER_LIMIT = 1_048_300;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String WRITTEN_BY_TEST = "written by the poison test";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ConfluentAvroSerializer<SpecificRecord> avro = new ConfluentAvroSerializer<>(SERDE, false);
    private final ConfluentAvroDeserializer<Object> decisionReader = new ConfluentAvroDeserializer<>(SERDE, false);
    private final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(),
            Map.of("scope", "tickets:supervise"));
    private ConfigurableApplicationContext service;
    private KafkaProducer<byte[], byte[]> producer;
    private String brokers;

    private record Good(String key, byte[] value) {
    }

    /** What a test sent: the keys of the good records, and the bad records by offset. */
    private record Sent(List<String> good, Map<Long, Bad> bad) {

        List<Bad> of(final Outcome outcome) {
            return bad.values().stream().filter(record -> record.outcome() == outcome).toList();
        }

        List<String> keys(final Outcome outcome) {
            return of(outcome).stream().map(Bad::keyText).toList();
        }
    }

    @BeforeAll
    void start(final EmbeddedKafkaBroker broker) {
        brokers = broker.getBrokersAsString();
        service = Services.start(brokers, SCOPE, "poison", "target/streams-state/poison-" + UUID.randomUUID());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * AT_BROKER_LIMIT),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void stop() {
        producer.close();
        service.close();
    }

    @Test
    void badTicketsBecomeDeadLettersOrRejectionsAndEveryTicketAroundThemIsAssigned() throws Exception {
        final String queue = "tickets-" + UUID.randomUUID();
        online(UUID.randomUUID().toString(), queue);
        final String id = UUID.randomUUID().toString();
        final List<Bad> bad = new ArrayList<>(BadRecords.unreadable(id, framed(TICKET_CREATED, ticket(id, queue)),
                framed(TICKET_STATUS, status(id, TicketStatus.CLOSED))));
        bad.addAll(badTickets(queue));

        final Sent sent = interleave(TICKET_CREATED, bad, () -> goodTicket(queue));

        final List<String> assignable = sent.keys(Outcome.APPLIED);
        final Map<String, List<TicketAssignment>> decisions = decisionsUntil(all -> Stream.of(sent.good(), assignable,
                sent.keys(Outcome.REJECTED)).flatMap(List::stream).allMatch(all::containsKey));
        Stream.concat(sent.good().stream(), assignable.stream()).forEach(ticket ->
                assertThat(kinds(decisions.get(ticket))).as(ticket).containsExactly(Decision.ASSIGNED));
        sent.of(Outcome.REJECTED).forEach(ticket -> {
            final List<TicketAssignment> made = decisions.get(ticket.keyText());
            assertThat(kinds(made)).as(ticket.kind()).containsExactly(Decision.REJECTED);
            assertThat(made.get(0).getReason()).as(ticket.kind()).contains(ticket.reason());
            if (ticket.reason().contains("too large")) {
                assertThat(made.get(0).getTicket().getContent()).as("a ticket too large to carry, without its text")
                        .isEqualTo("{}");
            }
        });
        assertThat(decisions).doesNotContainKey(id);
        assertDeadLetters(TICKET_CREATED, sent);
    }

    @Test
    void badStatusChangesBecomeDeadLettersAndEveryStatusAroundThemIsApplied() throws Exception {
        final String queue = "statuses-" + UUID.randomUUID();
        online(UUID.randomUUID().toString(), queue);
        final String untouched = send(TICKET_CREATED, goodTicket(queue));
        final String other = send(TICKET_CREATED, goodTicket(queue));
        final List<Bad> bad = new ArrayList<>(BadRecords.unreadable(untouched,
                framed(TICKET_STATUS, status(untouched, TicketStatus.CLOSED)),
                framed(TICKET_CREATED, ticket(untouched, queue))));
        bad.addAll(badStatuses(untouched, other));
        final List<String> tickets = new ArrayList<>();
        for (int i = 0; i <= bad.size(); i++) {
            tickets.add(send(TICKET_CREATED, goodTicket(queue)));
        }
        decisionsUntil(all -> tickets.stream().allMatch(all::containsKey));

        final Iterator<String> toClose = tickets.iterator();
        final Sent sent = interleave(TICKET_STATUS, bad, () -> {
            final String ticket = toClose.next();
            return new Good(ticket, framed(TICKET_STATUS, status(ticket, TicketStatus.CLOSED)));
        });

        final Map<String, List<TicketAssignment>> decisions = decisionsUntil(all -> tickets.stream()
                .allMatch(ticket -> kinds(all.get(ticket)).contains(Decision.CLOSED)));
        tickets.forEach(ticket -> assertThat(kinds(decisions.get(ticket))).as(ticket)
                .containsExactly(Decision.ASSIGNED, Decision.CLOSED));
        assertThat(kinds(decisions.get(untouched))).as("the ticket the bad records name")
                .containsExactly(Decision.ASSIGNED);
        assertThat(kinds(decisions.get(other))).as("the ticket one bad record names")
                .containsExactly(Decision.ASSIGNED);
        assertDeadLetters(TICKET_STATUS, sent);
    }

    @Test
    void badAgentStatusesBecomeDeadLettersAndEveryStatusAroundThemIsApplied() throws Exception {
        final String queue = "agents-" + UUID.randomUUID();
        final String intruder = keyOnPartition();
        final List<Bad> bad = new ArrayList<>(BadRecords.unreadable(intruder,
                framed(AGENT_STATUS, agent(intruder, queue)), framed(TICKET_CREATED, ticket(intruder, queue))));
        bad.addAll(badAgents(intruder, queue));

        final Sent sent = interleave(AGENT_STATUS, bad, () -> {
            final String agent = keyOnPartition();
            return new Good(agent, framed(AGENT_STATUS, agent(agent, queue)));
        });

        final List<String> agents = Stream.concat(sent.good().stream(), sent.keys(Outcome.APPLIED).stream()).toList();
        for (final String agent : agents) {
            await().atMost(PATIENCE)
                    .until(() -> call("GET", "/v1/" + agent + "/tickets", supervisor).statusCode() == 200);
        }
        assertThat(call("GET", "/v1/" + intruder + "/tickets", supervisor).statusCode()).isEqualTo(404);
        final List<String> tickets = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            tickets.add(send(TICKET_CREATED, goodTicket(queue)));
        }
        final Map<String, List<TicketAssignment>> decisions =
                decisionsUntil(all -> tickets.stream().allMatch(all::containsKey));
        assertThat(tickets.stream().map(ticket -> decisions.get(ticket).get(0).getAgentId()))
                .as("one ticket for each good agent (capacity 1), none for an agent of a bad record")
                .containsExactlyInAnyOrderElementsOf(agents);
        assertDeadLetters(AGENT_STATUS, sent);
    }

    @Test
    void badDecisionsBecomeDeadLettersAndEveryDecisionAroundThemIsKept() throws Exception {
        final String id = keyOnPartition();
        final List<Bad> bad = new ArrayList<>(BadRecords.unreadable(id, framed(TICKET_ASSIGNMENTS, decision(id)),
                framed(TICKET_CREATED, ticket(id, "decisions"))));
        final String longId = "d".repeat(InputCheck.MAX_ID_CHARS + 1);
        bad.add(BadRecords.deadLetter("ticket id not the record's key", id,
                framed(TICKET_ASSIGNMENTS, decision(UUID.randomUUID().toString())), "is not the record's key"));
        bad.add(BadRecords.deadLetter("ticket id longer than the HTTP API reads", longId,
                framed(TICKET_ASSIGNMENTS, decision(longId)), "characters long, at most"));

        final Sent sent = interleave(TICKET_ASSIGNMENTS, bad, () -> {
            final String ticket = keyOnPartition();
            return new Good(ticket, framed(TICKET_ASSIGNMENTS, decision(ticket)));
        });

        for (final String ticket : sent.good()) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(call("GET", "/v1/tickets/" + ticket + "/decisions",
                    supervisor).body()).contains(WRITTEN_BY_TEST));
        }
        assertThat(call("GET", "/v1/tickets/" + id + "/decisions", supervisor).statusCode()).isEqualTo(404);
        assertDeadLetters(TICKET_ASSIGNMENTS, sent);
    }

    /**
     * Tickets the engine cannot assign, documented to become REJECTED decisions with the reason; tickets too odd to be
     * read at all; and odd ones that are fine.
     */
    private List<Bad> badTickets(final String queue) {
        final String longId = "t".repeat(InputCheck.MAX_ID_CHARS + 1);
        return List.of(
                rejected("content over max-ticket-chars", queue, "{\"text\":\"" + "x".repeat(MAX_TICKET_CHARS) + "\"}",
                        "ticket is too large"),
                rejected("ticket at the broker's record limit", queue,
                        "{\"text\":\"" + "x".repeat(AT_BROKER_LIMIT) + "\"}", "ticket is too large"),
                rejected("queue name at the broker's record limit", "q".repeat(AT_BROKER_LIMIT), "{}",
                        "ticket is too large"),
                rejected("no queue", "", "{}", "no valid queue"),
                rejected("queue holding the index separator", queue + "\u001fx", "{}", "no valid queue"),
                rejected("queue '*'", "*", "{}", "no valid queue"),
                rejected("content not JSON", queue, "help!", "not JSON"),
                rejected("content a JSON array", queue, "[1,2]", "not a JSON object"),
                BadRecords.rejected("no id", "", framed(TICKET_CREATED, ticket("", queue)), "ticket has no id"),
                BadRecords.deadLetter("ticket id not the record's key", UUID.randomUUID().toString(),
                        framed(TICKET_CREATED, ticket(UUID.randomUUID().toString(), queue)), "is not the record's key"),
                BadRecords.deadLetter("ticket id longer than the HTTP API reads", longId,
                        framed(TICKET_CREATED, ticket(longId, queue)), "characters long, at most"),
                applied("priority below zero", ticket -> ticket.setPriority(Integer.MIN_VALUE), queue),
                applied("created before 1970", ticket -> ticket.setCreatedAt(Instant.ofEpochMilli(-86_400_000L)),
                        queue));
    }

    private Bad rejected(final String kind, final String queue, final String content, final String reason) {
        final String id = UUID.randomUUID().toString();
        return BadRecords.rejected(kind, id, framed(TICKET_CREATED, withContent(ticket(id, queue), content)), reason);
    }

    private Bad applied(final String kind, final Consumer<TicketCreated> oddity, final String queue) {
        final String id = UUID.randomUUID().toString();
        final TicketCreated ticket = ticket(id, queue);
        oddity.accept(ticket);
        return BadRecords.applied(kind, id, framed(TICKET_CREATED, ticket));
    }

    /** Status changes that must not be applied: to another ticket than their key, or too large to carry. */
    private List<Bad> badStatuses(final String ticket, final String other) {
        final String longId = "s".repeat(InputCheck.MAX_ID_CHARS + 1);
        return List.of(
                BadRecords.deadLetter("ticket id not the record's key", ticket,
                        framed(TICKET_STATUS, status(other, TicketStatus.CLOSED)), "is not the record's key"),
                BadRecords.deadLetter("no ticket id", ticket, framed(TICKET_STATUS, status("", TicketStatus.CLOSED)),
                        "is not the record's key"),
                BadRecords.deadLetter("ticket id longer than the HTTP API reads", longId,
                        framed(TICKET_STATUS, status(longId, TicketStatus.CLOSED)), "characters long, at most"),
                BadRecords.deadLetter("reason over max-ticket-chars", ticket,
                        framed(TICKET_STATUS, escalated(ticket, MAX_TICKET_CHARS + 1)), "status change is too large"),
                BadRecords.deadLetter("reason at the broker's record limit", ticket,
                        framed(TICKET_STATUS, escalated(ticket, AT_BROKER_LIMIT)), "status change is too large"));
    }

    /** Agent statuses that must not be applied, and one that is odd but fine. */
    private List<Bad> badAgents(final String agent, final String queue) {
        final String longId = "a".repeat(InputCheck.MAX_ID_CHARS + 1);
        final String large = keyOnPartition();
        final AgentStatusChanged largeName = agent(large, queue);
        largeName.setName("x".repeat(AT_BROKER_LIMIT));
        return List.of(
                BadRecords.deadLetter("agent id not the record's key", agent,
                        framed(AGENT_STATUS, agent(UUID.randomUUID().toString(), queue)), "is not the record's key"),
                BadRecords.deadLetter("agent id longer than the HTTP API reads", longId,
                        framed(AGENT_STATUS, agent(longId, queue)), "characters long, at most"),
                BadRecords.deadLetter("queue holding the index separator", agent,
                        framed(AGENT_STATUS, withQueues(agent(agent, queue), queue + "\u001fx")), "invalid queue"),
                BadRecords.deadLetter("'*' beside another queue", agent,
                        framed(AGENT_STATUS, withQueues(agent(agent, queue), "*", queue)), "invalid queue"),
                BadRecords.applied("name at the broker's record limit (the records made of it are no larger)", large,
                        framed(AGENT_STATUS, largeName)));
    }

    private Sent interleave(final String topic, final List<Bad> bad, final Supplier<Good> good) throws Exception {
        final List<String> goodKeys = new ArrayList<>();
        final Map<Long, Bad> sent = new LinkedHashMap<>();
        for (final Bad record : bad) {
            goodKeys.add(send(topic, good.get()));
            sent.put(send(topic, record), record);
        }
        goodKeys.add(send(topic, good.get()));
        return new Sent(goodKeys, sent);
    }

    private String send(final String topic, final Good good) throws Exception {
        producer.send(new ProducerRecord<>(topic, PARTITION, good.key().getBytes(StandardCharsets.UTF_8), good.value()))
                .get();
        return good.key();
    }

    private long send(final String topic, final Bad bad) throws Exception {
        return producer.send(new ProducerRecord<>(topic, PARTITION, null, bad.key(), bad.value(), bad.headers()))
                .get().offset();
    }

    private void assertDeadLetters(final String topic, final Sent sent) {
        final Map<Long, Bad> expected = new LinkedHashMap<>();
        sent.bad().forEach((offset, bad) -> {
            if (bad.outcome() == Outcome.DEAD_LETTER) {
                expected.put(offset, bad);
            }
        });
        final Map<Long, ConsumerRecord<byte[], byte[]>> letters = deadLettersUntil(topic, expected.size());
        assertThat(letters.keySet()).as("offsets of the dead letters from " + topic)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((offset, bad) -> {
            final ConsumerRecord<byte[], byte[]> letter = letters.get(offset);
            assertThat(header(letter, "dead-letter.error")).as(bad.kind()).contains(bad.reason());
            if (header(letter, "dead-letter.copy-dropped") == null) {
                assertThat(letter.key()).as(bad.kind()).isEqualTo(bad.key());
                assertThat(letter.value()).as(bad.kind()).isEqualTo(bad.value());
            } else {
                assertThat(bad.value().length).as(bad.kind() + ": a letter without its record, only when too large")
                        .isGreaterThan(AT_BROKER_LIMIT);
                assertThat(letter.value()).as(bad.kind()).isNull();
            }
        });
    }

    /** The dead letters that came from the topic, by their offset there, once there are {@code count}. */
    private Map<Long, ConsumerRecord<byte[], byte[]>> deadLettersUntil(final String topic, final int count) {
        final Map<Long, ConsumerRecord<byte[], byte[]>> letters = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(DEAD_LETTERS, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            await().pollInSameThread().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(letter -> {
                    if (topic.equals(header(letter, "dead-letter.topic"))) {
                        letters.put(Long.parseLong(header(letter, "dead-letter.offset")), letter);
                    }
                });
                return letters.size() >= count;
            });
        }
        return letters;
    }

    /** Every committed decision by ticket id, once {@code enough} holds of them. */
    private Map<String, List<TicketAssignment>> decisionsUntil(
            final Predicate<Map<String, List<TicketAssignment>>> enough) {
        final Map<String, List<TicketAssignment>> decisions = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = fromStart(TICKET_ASSIGNMENTS, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            await().pollInSameThread().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    final TicketAssignment decision = decisionMade(record);
                    if (decision != null) {
                        decisions.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(decision);
                    }
                });
                return enough.test(decisions);
            });
        }
        return decisions;
    }

    /** The decision the service made, or null for what the decisions test wrote there (bad or good). */
    private TicketAssignment decisionMade(final ConsumerRecord<String, byte[]> record) {
        try {
            return decisionReader.deserialize(TICKET_ASSIGNMENTS, record.headers(), record.value())
                    instanceof TicketAssignment decision && !decision.getReason().equals(WRITTEN_BY_TEST)
                    ? decision : null;
        } catch (SerializationException e) {
            return null;
        }
    }

    private <K, V> KafkaConsumer<K, V> fromStart(final String topic, final Deserializer<K> keys,
            final Deserializer<V> values) {
        final KafkaConsumer<K, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                keys, values);
        final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The agent online, and counted by its pool (so tickets sent next are assigned, not queued first). */
    private void online(final String agent, final String queue) throws Exception {
        final String token = Tokens.forAgent(agent, Map.of("queues", List.of(queue), "capacity", 100));
        assertThat(call("PUT", "/v1/" + agent + "/online", token).statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> call("GET", "/v1/queues", supervisor).body()
                .contains("{\"queue\":\"" + queue + "\",\"pool\":\"default\",\"waiting\":0,\"waitingByPriority\":{},"
                        + "\"waitingByStep\":{},"
                        + "\"oldestWaitingSeconds\":null,\"agentsOnline\":1,"));
    }

    private HttpResponse<String> call(final String method, final String path, final String token) throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + service.getEnvironment().getProperty("local.server.port") + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Good goodTicket(final String queue) {
        final String id = UUID.randomUUID().toString();
        return new Good(id, framed(TICKET_CREATED, ticket(id, queue)));
    }

    private byte[] framed(final String topic, final SpecificRecord value) {
        return avro.serialize(topic, value);
    }

    private static List<Decision> kinds(final List<TicketAssignment> decisions) {
        return decisions == null ? List.of() : decisions.stream().map(TicketAssignment::getDecision).toList();
    }

    /** A key that Kafka's default partitioner puts on {@link #PARTITION}, as the service's lookups expect. */
    private static String keyOnPartition() {
        while (true) {
            final String key = UUID.randomUUID().toString();
            if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == PARTITION) {
                return key;
            }
        }
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        return record.headers().lastHeader(name) == null ? null
                : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static TicketCreated ticket(final String id, final String queue) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue(queue).setChannel("chat")
                .setContent("{\"text\":\"I need help\"}").setPriority(2).build();
    }

    private static TicketCreated withContent(final TicketCreated ticket, final String content) {
        ticket.setContent(content);
        return ticket;
    }

    private static TicketStatusChanged escalated(final String ticket, final int reasonChars) {
        final TicketStatusChanged change = status(ticket, TicketStatus.ESCALATED);
        change.setStatusReason("r".repeat(reasonChars));
        return change;
    }

    private static AgentStatusChanged withQueues(final AgentStatusChanged agent, final String... queues) {
        agent.setQueues(List.of(queues));
        return agent;
    }

    private static TicketStatusChanged status(final String ticket, final TicketStatus status) {
        return TicketStatusChanged.newBuilder().setTicketId(ticket).setStatus(status).setTime(Instant.now()).build();
    }

    private static AgentStatusChanged agent(final String agent, final String queue) {
        final Instant now = Instant.now();
        return AgentStatusChanged.newBuilder().setAgentId(agent).setName("Agent " + agent.substring(0, 4))
                .setStatus(AgentStatus.ONLINE).setTime(now).setStatusSince(now).setLastLoginTime(now)
                .setQueues(List.of(queue)).setCapacity(1).build();
    }

    private static TicketAssignment decision(final String ticket) {
        return TicketAssignment.newBuilder().setTicketId(ticket).setDecision(Decision.REJECTED).setTime(Instant.now())
                .setReason(WRITTEN_BY_TEST).setTicketStatus(TicketStatus.ASSIGNED)
                .setTicket(ticket(ticket, "decisions")).build();
    }
}
