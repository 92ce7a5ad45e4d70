package net.oneview.chatticket.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An analytics consumer still on the schemas from before offers (copied in {@code schemas-before-offers}) reads each
 * step of an offer as its nearest old meaning, never as the enum's default REJECTED; and an agent the service set
 * AWAY as OFFLINE (the enum's default): not taking tickets, which is what an availability report should count.
 */
class OfferDecisionsForOldReadersTest {

    private static final List<String> BEFORE_OFFERS = List.of("common/TicketStatus", "common/AgentStatus",
            "common/Customer", "common/Metadata", "common/TicketCreated", "events/DecisionExplanation",
            "events/TicketAssignment");

    @ParameterizedTest
    @CsvSource({"OFFERED, QUEUED, QUEUED", "ACCEPTED, ASSIGNED, ASSIGNED", "DECLINED, REQUEUED, REQUEUED",
        "EXPIRED, REQUEUED, REQUEUED"})
    void anOldReaderReadsEachOfferStepAsItsNearestOldMeaning(final OfferStep step, final Decision written,
            final String read) throws IOException {
        final TicketAssignment decision = TicketAssignment.newBuilder().setTicketId("t1").setDecision(written)
                .setAgentId("ana").setTime(Instant.EPOCH).setReason("offer").setTicketStatus(TicketStatus.ASSIGNED)
                .setTicket(TicketCreated.newBuilder().setId("t1").setCreatedAt(Instant.EPOCH).setQueue("en")
                        .setChannel("chat").setContent("{}").setPriority(1).build())
                .setOffer(step).setOfferExpiresAt(step == OfferStep.OFFERED ? Instant.EPOCH : null).build();

        final GenericRecord old = readAsBefore(decision);

        assertThat(old.get("decision")).hasToString(read);
        assertThat(old.get("agentId")).hasToString("ana");
        assertThat(old.getSchema().getField("offer")).as("a field the old reader does not know").isNull();
    }

    @Test
    void anOldReaderReadsAnAwayAgentAsOfflineAndSkipsTheNewFields() throws IOException {
        final AgentStatusChanged away = AgentStatusChanged.newBuilder().setAgentId("ana").setStatus(AgentStatus.AWAY)
                .setTime(Instant.EPOCH).setStatusSince(Instant.EPOCH).setPreviousStatus(AgentStatus.ONLINE)
                .setQueues(List.of("en")).setCapacity(2).setReason("let 1 offer in a row expire")
                .setNextStatus(AgentStatus.OFFLINE).build();

        final GenericRecord old = read(away, AgentStatusChanged.getClassSchema(),
                schema(List.of("common/AgentStatus", "events/AgentStatusChanged")));

        assertThat(old.get("status")).hasToString("OFFLINE");
        assertThat(old.get("previousStatus")).hasToString("ONLINE");
        assertThat(old.get("capacity")).isEqualTo(2);
        assertThat(old.getSchema().getField("reason")).isNull();
    }

    private static GenericRecord readAsBefore(final TicketAssignment decision) throws IOException {
        return read(decision, TicketAssignment.getClassSchema(), oldSchema());
    }

    private static <T> GenericRecord read(final T written, final Schema writer, final Schema reader)
            throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<T>(writer).write(written, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    private static Schema oldSchema() throws IOException {
        return schema(BEFORE_OFFERS);
    }

    /** The last of the files' schemas (each may use the ones before it), as they were before offers. */
    private static Schema schema(final List<String> files) throws IOException {
        final Schema.Parser parser = new Schema.Parser();
        Schema last = null;
        for (final String file : files) {
            try (InputStream in = OfferDecisionsForOldReadersTest.class
                    .getResourceAsStream("/schemas-before-offers/" + file + ".avsc")) {
                last = parser.parse(in);
            }
        }
        return last;
    }
}
