package net.oneview.chatticket.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.events.Decision;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An analytics consumer still on the schemas from before offers (copied in {@code schemas-before-offers}) reads each
 * step of an offer as its nearest old meaning, never as the enum's default REJECTED.
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

    private static GenericRecord readAsBefore(final TicketAssignment decision) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(TicketAssignment.class).write(decision, encoder);
        encoder.flush();
        final Schema reader = oldSchema();
        return new GenericDatumReader<GenericRecord>(TicketAssignment.getClassSchema(), reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    private static Schema oldSchema() throws IOException {
        final Schema.Parser parser = new Schema.Parser();
        Schema last = null;
        for (final String file : BEFORE_OFFERS) {
            try (InputStream in = OfferDecisionsForOldReadersTest.class
                    .getResourceAsStream("/schemas-before-offers/" + file + ".avsc")) {
                last = parser.parse(in);
            }
        }
        return last;
    }
}
