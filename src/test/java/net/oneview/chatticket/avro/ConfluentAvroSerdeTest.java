package net.oneview.chatticket.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.events.Customer;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

    private static final String SCOPE = "serde-test";
    private static final Map<String, Object> CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);
    private static final Map<String, Object> SPECIFIC = Map.of("schema.registry.url", "mock://" + SCOPE,
            "specific.avro.reader", true);
    private static final TicketStatusChanged CLOSED = TicketStatusChanged.newBuilder()
            .setTicketId("t1").setStatus(TicketStatus.CLOSED).setTime(Instant.ofEpochMilli(1000)).build();

    @AfterEach
    void freshRegistry() {
        SchemaRegistries.dropMockScope(SCOPE);
    }

    @Test
    void writesMagicByteBigEndianSchemaIdThenPlainAvroBinary() {
        final byte[] bytes = new ConfluentAvroSerializer<TicketStatusChanged>(CONFIG, false).serialize("ticket-status", CLOSED);

        // 00 | 00000001 | "t1" (len 2 zigzag=04, 74 31) | CLOSED (index 2 = 04) | null branch (00) | 1000 ms (d0 0f)
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00" + "00000001" + "047431" + "04" + "00" + "d00f");
    }

    @Test
    void registersUnderTopicNameStrategySubjects() {
        final SchemaRegistry registry = SchemaRegistries.forUrl("mock://" + SCOPE);
        new ConfluentAvroSerializer<TicketStatusChanged>(CONFIG, false).serialize("ticket-status", CLOSED);
        new ConfluentAvroSerializer<String>(CONFIG, true).serialize("ticket-status", "t1");

        assertThat(registry.lookup("ticket-status-value", CLOSED.getSchema())).isEqualTo(1);
        assertThat(registry.lookup("ticket-status-key", Schema.create(Schema.Type.STRING))).isEqualTo(2);
    }

    @Test
    void readsWhatItWritesAsTheGeneratedClass() {
        final TicketCreated ticket = TicketCreated.newBuilder().setId("t-9").setCreatedAt(Instant.ofEpochMilli(1_572_499_999_000L))
                .setQueue("english").setContent("{\"text\":\"héllo\",\"n\":[1,2]}").setPriority(1)
                .setCustomer(new Customer("c1", "hugo", "dan")).build();
        final byte[] bytes = new ConfluentAvroSerializer<TicketCreated>(CONFIG, false).serialize("ticket-created", ticket);

        final Object read = new ConfluentAvroDeserializer<>(SPECIFIC, false).deserialize("ticket-created", bytes);

        assertThat(read).isInstanceOf(TicketCreated.class).isEqualTo(ticket);
    }

    @Test
    void readsGenericRecordsWhenSpecificReaderIsOff() {
        final byte[] bytes = new ConfluentAvroSerializer<TicketStatusChanged>(CONFIG, false).serialize("ticket-status", CLOSED);

        final Object read = new ConfluentAvroDeserializer<>(CONFIG, false).deserialize("ticket-status", bytes);

        assertThat(read).isInstanceOf(GenericRecord.class);
        assertThat(((GenericRecord) read).get("ticketId").toString()).isEqualTo("t1");
    }

    @Test
    void nullStaysATombstoneAndRegistersNothing() {
        assertThat(new ConfluentAvroSerializer<TicketStatusChanged>(CONFIG, false).serialize("ticket-status", null)).isNull();
        assertThat(new ConfluentAvroDeserializer<>(CONFIG, false).deserialize("ticket-status", null)).isNull();
        assertThatThrownBy(() -> SchemaRegistries.forUrl("mock://" + SCOPE).lookup("ticket-status-value", CLOSED.getSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .extracting(e -> ((SchemaRegistryException) e).errorCode()).isEqualTo(40401);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearError() {
        final Map<String, Object> lookupOnly = Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", false);

        assertThatThrownBy(() -> new ConfluentAvroSerializer<TicketStatusChanged>(lookupOnly, false).serialize("ticket-status", CLOSED))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("subject not found").hasMessageContaining("40401");
    }

    @Test
    void withoutAutoRegisterARegisteredSchemaIsLookedUp() {
        SchemaRegistries.forUrl("mock://" + SCOPE).register("ticket-status-value", CLOSED.getSchema());
        final Map<String, Object> lookupOnly = Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", false);

        final byte[] bytes = new ConfluentAvroSerializer<TicketStatusChanged>(lookupOnly, false).serialize("ticket-status", CLOSED);

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(1);
    }

    @Test
    void readsRecordsWhoseSchemaGuidTravelsInAHeader() throws Exception {
        final SchemaRegistry registry = SchemaRegistries.forUrl("mock://" + SCOPE);
        registry.register("ticket-status-value", CLOSED.getSchema());
        final UUID guid = InMemorySchemaRegistry.guidOf(CLOSED.getSchema());
        final RecordHeaders headers = new RecordHeaders();
        headers.add("__value_schema_id", ByteBuffer.allocate(17).put((byte) 1)
                .putLong(guid.getMostSignificantBits()).putLong(guid.getLeastSignificantBits()).array());

        final Object read = new ConfluentAvroDeserializer<>(SPECIFIC, false)
                .deserialize("ticket-status", headers, plainAvro(CLOSED));

        assertThat(read).isEqualTo(CLOSED);
    }

    @Test
    void readsRecordsWhoseSchemaIdTravelsInAHeader() throws Exception {
        final int id = SchemaRegistries.forUrl("mock://" + SCOPE).register("ticket-status-value", CLOSED.getSchema());
        final RecordHeaders headers = new RecordHeaders();
        headers.add("__value_schema_id", ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());

        assertThat(new ConfluentAvroDeserializer<>(SPECIFIC, false).deserialize("ticket-status", headers, plainAvro(CLOSED)))
                .isEqualTo(CLOSED);
    }

    @Test
    void rejectsBytesThatAreNotConfluentFramed() {
        assertThatThrownBy(() -> new ConfluentAvroDeserializer<>(CONFIG, false).deserialize("ticket-status", "{\"json\":1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not in Confluent's Avro format");
    }

    @Test
    void anUnknownSchemaIdIsAClearError() {
        final byte[] bytes = ByteBuffer.allocate(6).put((byte) 0).putInt(4242).put((byte) 0).array();

        assertThatThrownBy(() -> new ConfluentAvroDeserializer<>(CONFIG, false).deserialize("ticket-status", bytes))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("40403");
    }

    @Test
    void resolvesAnOlderWriterSchemaToTheCurrentClass() throws Exception {
        // An older producer of ticket-status that did not send statusReason yet.
        final Schema older = SchemaBuilder.record("TicketStatusChanged").namespace("net.oneview.chatticket.events").fields()
                .requiredString("ticketId")
                .name("status").type(TicketStatus.getClassSchema()).noDefault()
                .name("time").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .endRecord();
        final GenericRecord old = new GenericData.Record(older);
        old.put("ticketId", "t7");
        old.put("status", new GenericData.EnumSymbol(TicketStatus.getClassSchema(), "ESCALATED"));
        old.put("time", 5000L);
        final byte[] bytes = new ConfluentAvroSerializer<GenericRecord>(CONFIG, false).serialize("ticket-status", old);

        final TicketStatusChanged read = (TicketStatusChanged) new ConfluentAvroDeserializer<>(SPECIFIC, false)
                .deserialize("ticket-status", bytes);

        assertThat(read.getTicketId()).isEqualTo("t7");
        assertThat(read.getStatus()).isEqualTo(TicketStatus.ESCALATED);
        assertThat(read.getStatusReason()).isNull();
        assertThat(read.getTime()).isEqualTo(Instant.ofEpochMilli(5000));
    }

    @Test
    void primitivesUseTheirAvroSchemas() {
        final byte[] key = new ConfluentAvroSerializer<String>(CONFIG, true).serialize("agent-status", "agent-1");

        assertThat(HexFormat.of().formatHex(key)).isEqualTo("00" + "00000001" + "0e" + HexFormat.of().formatHex("agent-1".getBytes()));
        assertThat(new ConfluentAvroDeserializer<>(CONFIG, true).deserialize("agent-status", key)).isEqualTo("agent-1");
    }

    private static byte[] plainAvro(final TicketStatusChanged value) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(TicketStatusChanged.class).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
