package net.oneview.chatticket.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.events.AgentCandidate;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.DecisionExplanation;
import net.oneview.chatticket.events.Metadata;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.state.KeptDecision;
import net.oneview.chatticket.streams.TopicProperties;
import net.oneview.chatticket.streams.Topics;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store 'ticket-decisions' kept whole decisions ({@code TicketAssignment}) before it kept {@link KeptDecision}s:
 * after an upgrade its changelog and local copies still hold the old ones for up to the retention. The store's serde
 * reads them as kept decisions, and the registry accepts the new schema under the changelog's subject.
 */
class KeptDecisionUpgradeTest {

    private static final String SCOPE = "kept-decision-upgrade";
    private static final String CHANGELOG = "chat-ticket-assignment-ticket-decisions-changelog";

    private final Topics topics = new Topics(new TopicProperties("ticket-created", "ticket-status", "agent-status",
            "ticket-assignments", "dead-letters", "pool-releases", "pool-handovers", 3, (short) 1),
            Map.of("schema.registry.url", "mock://" + SCOPE));

    @AfterEach
    void dropRegistry() {
        SchemaRegistries.dropMockScope(SCOPE);
    }

    @Test
    void aWholeDecisionKeptBeforeTheUpgradeIsReadAsAKeptDecision() {
        final TicketAssignment whole = decision();
        final byte[] before = topics.<TicketAssignment>avro().serializer().serialize(CHANGELOG, whole);

        final KeptDecision read = topics.avro(KeptDecision.class).deserializer().deserialize(CHANGELOG, before);

        assertThat(read).isEqualTo(DecisionHistoryProcessor.kept(whole));
        assertThat(DecisionResponse.of(read)).isEqualTo(new DecisionResponse("ASSIGNED",
                whole.getTime().getEpochSecond(), "agent-1", "best free agent", "ESCALATED", "customer waited",
                "english", 2, new DecisionResponse.Explanation("only-candidate",
                        List.of(new DecisionResponse.Candidate("agent-1", 3, 1_700_000_000L, null)), null, null, false,
                        null, null, null, null)));
    }

    @Test
    void theKeptDecisionSchemaReadsWhatTheWholeOneWrote() {
        final SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(
                KeptDecision.getClassSchema(), TicketAssignment.getClassSchema());

        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aKeptDecisionHoldsNothingOfTheTicketButItsQueueAndPriority() {
        final KeptDecision kept = DecisionHistoryProcessor.kept(decision());

        assertThat(kept.toString()).doesNotContain("order 42", "room-7", "token-xyz", "wrong address");
        assertThat(topics.<KeptDecision>avro().serializer().serialize(CHANGELOG, kept).length)
                .isLessThan(topics.<TicketAssignment>avro().serializer().serialize(CHANGELOG, decision()).length / 2);
    }

    private static TicketAssignment decision() {
        final TicketCreated ticket = TicketCreated.newBuilder().setId("t-1")
                .setCreatedAt(Instant.ofEpochSecond(1_700_000_000L)).setQueue("english").setChannel("chat")
                .setPriority(2)
                .setContent("{\"text\":\"I need help with order 42, it never came and nobody answers\"}")
                .setMetadata(Metadata.newBuilder().setCcr("delivery - wrong address").setRoomName("room-7")
                        .setRoomSubscriptionToken("token-xyz").setAgentAccesses(List.of("orders")).build())
                .build();
        return TicketAssignment.newBuilder().setTicketId("t-1").setDecision(Decision.ASSIGNED).setAgentId("agent-1")
                .setTime(Instant.ofEpochSecond(1_700_000_060L)).setReason("best free agent")
                .setTicketStatus(TicketStatus.ESCALATED).setStatusReason("customer waited").setTicket(ticket)
                .setExplanation(DecisionExplanation.newBuilder().setRule("only-candidate")
                        .setCandidates(List.of(new AgentCandidate("agent-1", 3, Instant.ofEpochSecond(1_700_000_000L), null)))
                        .build())
                .build();
    }
}
