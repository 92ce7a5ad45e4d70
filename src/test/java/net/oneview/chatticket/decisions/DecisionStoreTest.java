package net.oneview.chatticket.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.events.AgentCandidate;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.DecisionExplanation;
import net.oneview.chatticket.events.Metadata;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.state.KeptDecision;
import net.oneview.chatticket.streams.InputCheck;
import net.oneview.chatticket.streams.TopicProperties;
import net.oneview.chatticket.streams.Topics;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store 'ticket-decisions' keeps one entry per decision of ticket-assignments, by ticket and offset, holding only
 * what the answer shows; a restore from ticket-assignments makes the same entries the processor made, and entries
 * older than the retention go as later decisions come.
 */
class DecisionStoreTest {

    private static final String SCOPE = "decision-store";
    private static final String APPLICATION = "decision-store-test";
    private static final String TOPIC = "ticket-assignments";
    private static final Duration RETENTION = Duration.ofHours(1);

    private final Topics topics = new Topics(new TopicProperties("ticket-created", "ticket-status", "agent-status",
            TOPIC, "dead-letters", "pool-releases", "pool-handovers", 3, (short) 1),
            Map.of("schema.registry.url", "mock://" + SCOPE));
    private final DecisionStore decisions = new DecisionStore(topics);
    private TopologyTestDriver driver;
    private TestInputTopic<String, TicketAssignment> input;
    private KeyValueStore<String, byte[]> store;

    @BeforeEach
    void start() {
        final Topology topology = new Topology();
        topology.addReadOnlyStateStore(decisions.builder(), "source", Serdes.String().deserializer(),
                topics.ticketAssignments.valueSerde().deserializer(), TOPIC, "decision-history",
                () -> new DecisionHistoryProcessor(decisions, RETENTION));
        final Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, "target/streams-state/decision-store-" + UUID.randomUUID());
        driver = new TopologyTestDriver(topology, config);
        input = driver.createInputTopic(TOPIC, Serdes.String().serializer(),
                topics.<TicketAssignment>avro().serializer());
        store = driver.getKeyValueStore(DecisionStore.NAME);
    }

    @AfterEach
    void stop() {
        driver.close();
        SchemaRegistries.dropMockScope(SCOPE);
    }

    @Test
    void anEntryHoldsWhatTheAnswerShowsAndNothingOfTheTicketsContent() {
        input.pipeInput("t-1", decision("t-1"), Instant.ofEpochSecond(1_700_000_060L));

        final byte[] entry = store.get(DecisionStore.key("t-1", 0));

        assertThat(DecisionResponse.of(decisions.read(entry))).isEqualTo(new DecisionResponse("ASSIGNED",
                1_700_000_060L, "agent-1", "best free agent", "ESCALATED", "customer waited", "english", 2,
                new DecisionResponse.Explanation("only-candidate",
                        List.of(new DecisionResponse.Candidate("agent-1", 3, 1_700_000_000L, null)), null, null, false,
                        null, null, null, null)));
        assertThat(new String(entry, StandardCharsets.ISO_8859_1))
                .doesNotContain("order 42", "room-7", "token-xyz", "wrong address");
        assertThat(entry.length).isLessThan(whole("t-1").length / 2);
    }

    @Test
    void aRestoreMakesTheEntryTheProcessorMadeFromTheSameRecord() {
        input.pipeInput("t-1", decision("t-1"), Instant.ofEpochSecond(1_700_000_060L));
        input.pipeInput("t-2", decision("t-2"), Instant.ofEpochSecond(1_700_000_061L));

        final ConsumerRecord<byte[], byte[]> restored = decisions.entry(record("t-2", 1, whole("t-2")), APPLICATION);

        assertThat(new String(restored.key(), StandardCharsets.UTF_8)).isEqualTo(DecisionStore.key("t-2", 1));
        assertThat(restored.value()).isEqualTo(store.get(DecisionStore.key("t-2", 1)));
        assertThat(restored.offset()).isEqualTo(1);
    }

    @Test
    void aRecordTheProcessorSendsToTheDeadLettersIsLeftOutOfARestore() {
        assertThat(decisions.entry(record("t-1", 5, "not avro".getBytes(StandardCharsets.UTF_8)), APPLICATION))
                .isNull();
        assertThat(decisions.entry(record("t-1", 6, null), APPLICATION)).isNull();
        assertThat(decisions.entry(record("t-2", 7, whole("t-1")), APPLICATION)).as("key not the ticket id").isNull();
        final String longId = "t".repeat(InputCheck.MAX_ID_CHARS + 1);
        assertThat(decisions.entry(record(longId, 8, whole(longId)), APPLICATION)).as("id too long").isNull();
        assertThat(decisions.entry(record("t-1", 9, whole("t-1")), APPLICATION)).isNotNull();
    }

    @Test
    void aTicketsKeysSortByOffsetAndItsRangeHoldsNoOtherTickets() {
        assertThat(DecisionStore.key("t-1", 9)).isLessThan(DecisionStore.key("t-1", 10));
        assertThat(DecisionStore.key("t-1", Long.MAX_VALUE)).isLessThanOrEqualTo(DecisionStore.last("t-1"));
        assertThat(DecisionStore.key("t-1", 0)).isGreaterThan(DecisionStore.first("t-1"));
        assertThat(DecisionStore.key("t-10", 0)).isGreaterThan(DecisionStore.last("t-1"));
        assertThat(DecisionStore.key("t-", 0)).isLessThan(DecisionStore.first("t-1"));
        final String holdingTheSeparator = DecisionStore.key("t-1", 0) + "x";
        assertThat(DecisionStore.key(holdingTheSeparator, 0)).isBetween(DecisionStore.first("t-1"),
                DecisionStore.last("t-1"));
        assertThat(DecisionStore.isOf("t-1", DecisionStore.key(holdingTheSeparator, 0))).isFalse();
        assertThat(DecisionStore.isOf("t-1", DecisionStore.key("t-1", 12))).isTrue();
    }

    @Test
    void entriesOlderThanTheRetentionGoAsLaterDecisionsCome() {
        final Instant start = Instant.ofEpochSecond(1_700_000_000L);
        for (final String ticket : List.of("a", "b", "c")) {
            input.pipeInput(ticket, decision(ticket, start), start);
        }
        final Instant later = start.plus(RETENTION).plusSeconds(60);
        input.pipeInput("d", decision("d", later), later);
        // the cursor had got to c: c goes, a and b wait for the next round
        assertThat(keys()).containsExactly(DecisionStore.key("a", 0), DecisionStore.key("b", 1),
                DecisionStore.key("d", 3));

        input.pipeInput("e", decision("e", later), later);
        assertThat(keys()).containsExactly(DecisionStore.key("d", 3), DecisionStore.key("e", 4));
    }

    @Test
    void theKeptDecisionSchemaReadsWhatTheWholeOneWrote() {
        final SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(
                KeptDecision.getClassSchema(), TicketAssignment.getClassSchema());

        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private List<String> keys() {
        final List<String> keys = new ArrayList<>();
        try (var entries = store.all()) {
            entries.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    private byte[] whole(final String ticketId) {
        return topics.<TicketAssignment>avro().serializer().serialize(TOPIC, decision(ticketId));
    }

    private static ConsumerRecord<byte[], byte[]> record(final String key, final long offset, final byte[] value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, 1_700_000_061_000L, TimestampType.CREATE_TIME, key.length(),
                value == null ? 0 : value.length, key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(),
                java.util.Optional.empty());
    }

    private static TicketAssignment decision(final String ticketId) {
        return decision(ticketId, Instant.ofEpochSecond(1_700_000_060L));
    }

    private static TicketAssignment decision(final String ticketId, final Instant time) {
        final TicketCreated ticket = TicketCreated.newBuilder().setId(ticketId)
                .setCreatedAt(Instant.ofEpochSecond(1_700_000_000L)).setQueue("english").setChannel("chat")
                .setPriority(2)
                .setContent("{\"text\":\"I need help with order 42, it never came and nobody answers\"}")
                .setMetadata(Metadata.newBuilder().setCcr("delivery - wrong address").setRoomName("room-7")
                        .setRoomSubscriptionToken("token-xyz").setAgentAccesses(List.of("orders")).build())
                .build();
        return TicketAssignment.newBuilder().setTicketId(ticketId).setDecision(Decision.ASSIGNED).setAgentId("agent-1")
                .setTime(time).setReason("best free agent")
                .setTicketStatus(TicketStatus.ESCALATED).setStatusReason("customer waited").setTicket(ticket)
                .setExplanation(DecisionExplanation.newBuilder().setRule("only-candidate")
                        .setCandidates(List.of(new AgentCandidate("agent-1", 3, Instant.ofEpochSecond(1_700_000_000L),
                                null)))
                        .build())
                .build();
    }
}
