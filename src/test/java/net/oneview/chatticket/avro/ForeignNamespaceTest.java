package net.oneview.chatticket.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.events.TicketCreated;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * A producer that registers its own copy of TicketCreated, under its own namespace, with an optional field more and
 * one fewer: its records are read into our TicketCreated by Avro schema resolution, as Confluent's deserializer does
 * with specific.avro.value.type; only an incompatible writer schema is a bad record.
 */
class ForeignNamespaceTest {

    private static final String REGISTRY = "mock://foreign-namespace";

    @Test
    void aTicketWrittenUnderAnotherNamespaceIsReadIntoOurType() {
        final Schema foreign = foreignTicketSchema(false);
        final byte[] bytes = write(foreign, ticket(foreign));

        final TicketCreated read = reader(TicketCreated.class).deserialize("ticket-created", bytes);

        assertThat(read.getId()).isEqualTo("t-1");
        assertThat(read.getQueue()).isEqualTo("english");
        assertThat(read.getPriority()).isEqualTo(2);
        assertThat(read.getStatusReason()).isNull();  // not in the writer's schema: our default
        assertThat(read.getMetadata().getOrderId()).isEqualTo("order-7");  // a nested record of the other namespace
    }

    @Test
    void withoutTheTypeTheWritersNameDecidesAndThereIsNoSuchClass() {
        final Schema foreign = foreignTicketSchema(false);
        final byte[] bytes = write(foreign, ticket(foreign));

        assertThatThrownBy(() -> reader(null).deserialize("ticket-created", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("com.example.casemanagement.TicketCreated");
    }

    @Test
    void anIncompatibleWriterSchemaIsABadRecord() {
        final Schema incompatible = foreignTicketSchema(true);
        final byte[] bytes = write(incompatible, ticket(incompatible));

        assertThatThrownBy(() -> reader(TicketCreated.class).deserialize("ticket-created", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot read");
    }

    /** Our TicketCreated in another namespace, with 'source' added and 'statusReason' removed; or priority a string. */
    private static Schema foreignTicketSchema(final boolean priorityAsString) {
        final Schema ours = new Schema.Parser().parse(TicketCreated.getClassSchema().toString()
                .replace("net.oneview.chatticket.events", "com.example.casemanagement"));
        final List<Schema.Field> fields = new ArrayList<>();
        for (final Schema.Field field : ours.getFields()) {
            if (field.name().equals("statusReason")) {
                continue;
            }
            final Schema type = priorityAsString && field.name().equals("priority") ? Schema.create(Schema.Type.STRING)
                    : field.schema();
            fields.add(new Schema.Field(field.name(), type, field.doc(), field.defaultVal()));
        }
        fields.add(new Schema.Field("source", Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), "where the ticket came from", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(ours.getName(), ours.getDoc(), ours.getNamespace(), false, fields);
    }

    private static GenericRecord ticket(final Schema schema) {
        final GenericRecord ticket = new GenericData.Record(schema);
        ticket.put("id", "t-1");
        ticket.put("createdAt", Instant.parse("2026-11-29T10:00:00Z").toEpochMilli());
        ticket.put("queue", "english");
        ticket.put("content", "{}");
        ticket.put("priority", schema.getField("priority").schema().getType() == Schema.Type.STRING ? "2" : 2);
        ticket.put("source", "web");
        final Schema metadataSchema = schema.getField("metadata").schema().getTypes().get(1);
        final GenericRecord metadata = new GenericData.Record(metadataSchema);
        metadata.put("orderId", "order-7");
        metadata.put("agentAccesses", List.of());
        ticket.put("metadata", metadata);
        return ticket;
    }

    private static byte[] write(final Schema schema, final GenericRecord ticket) {
        try (ConfluentAvroSerializer<GenericRecord> serializer = new ConfluentAvroSerializer<>(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false)) {
            return serializer.serialize("ticket-created-" + schema.hashCode(), ticket);
        }
    }

    private static ConfluentAvroDeserializer<TicketCreated> reader(final Class<?> type) {
        final Map<String, Object> config = new java.util.HashMap<>(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY,
                AvroSerdeConfig.SPECIFIC_AVRO_READER, true));
        if (type != null) {
            config.put(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, type);
        }
        return new ConfluentAvroDeserializer<>(config, false);
    }
}
