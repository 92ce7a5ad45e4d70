package net.oneview.chatticket.avro;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in Confluent's wire format, or plain Avro whose schema id travels in a {@code __value_schema_id} /
 * {@code __key_schema_id} header. With {@code specific.avro.reader=true} records become the generated class named
 * by the writer schema, or, with {@code specific.avro.value.type} (or {@code .key.type}), the class given whatever
 * the writer's record name; Avro schema resolution maps writer to reader. Otherwise generic records.
 */
public class ConfluentAvroDeserializer<T> implements Deserializer<T> {

    private record Resolution(Schema writer, Schema reader) {
    }

    private final Map<Resolution, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private SchemaRegistry registry;
    private boolean specificReader;
    private Class<?> readerType;
    private boolean isKey;

    public ConfluentAvroDeserializer() {
    }

    /** A deserializer configured at once, for use outside Kafka's own configuration path. */
    public ConfluentAvroDeserializer(final Map<String, ?> configs, final boolean isKey) {
        configure(configs, isKey);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        this.registry = config.registry();
        this.specificReader = config.specificReader();
        this.readerType = isKey ? config.keyType() : config.valueType();
        this.isKey = isKey;
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public T deserialize(final String topic, final Headers headers, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("deserializer used before configure()");
        }
        final Header idHeader = headers == null ? null : headers.lastHeader(WireFormat.schemaIdHeader(isKey));
        final ByteBuffer buffer = ByteBuffer.wrap(data);
        final Schema writer = idHeader != null ? schemaFromHeader(idHeader.value()) : schemaFromFrame(buffer, topic);
        return read(writer, buffer, topic);
    }

    private Schema schemaFromFrame(final ByteBuffer buffer, final String topic) {
        if (buffer.remaining() < WireFormat.HEADER_SIZE || buffer.get() != WireFormat.MAGIC_BYTE) {
            throw new SerializationException("record on " + topic
                    + " is not in Confluent's Avro format (no magic byte 0x00 and 4-byte schema id)");
        }
        return registry.byId(buffer.getInt());
    }

    private Schema schemaFromHeader(final byte[] header) {
        final ByteBuffer id = ByteBuffer.wrap(header == null ? new byte[0] : header);
        if (id.remaining() == 1 + 16 && id.get() == WireFormat.HEADER_GUID) {
            return registry.byGuid(new UUID(id.getLong(), id.getLong()));
        }
        id.rewind();
        if (id.remaining() == WireFormat.HEADER_SIZE && id.get() == WireFormat.MAGIC_BYTE) {
            return registry.byId(id.getInt());
        }
        throw new SerializationException("schema id header is neither 0x01 + GUID nor 0x00 + int id");
    }

    @SuppressWarnings("unchecked")
    private T read(final Schema writer, final ByteBuffer buffer, final String topic) {
        final Schema reader = readerSchema(writer);
        try {
            final Object value = readerFor(writer, reader).read(null, DecoderFactory.get()
                    .binaryDecoder(buffer.array(), buffer.position(), buffer.remaining(), null));
            return (T) (value instanceof Utf8 utf8 ? utf8.toString() : value);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + writer.getFullName() + " from topic " + topic, e);
        }
    }

    private Schema readerSchema(final Schema writer) {
        if (!specificReader || !(writer.getType() == Schema.Type.RECORD || writer.getType() == Schema.Type.ENUM)) {
            return writer;
        }
        final Class<?> type = readerType != null && writer.getType() == Schema.Type.RECORD ? readerType
                : SpecificData.get().getClass(writer);
        if (type == null) {
            throw new SerializationException("specific.avro.reader is on but no class " + writer.getFullName()
                    + " is on the classpath");
        }
        return SpecificData.getForClass(type).getSchema(type);
    }

    private DatumReader<Object> readerFor(final Schema writer, final Schema reader) {
        return readers.computeIfAbsent(new Resolution(writer, reader), r -> {
            if (specificReader && SpecificData.get().getClass(r.reader()) != null
                    && (r.reader().getType() == Schema.Type.RECORD || r.reader().getType() == Schema.Type.ENUM)) {
                final Class<?> type = SpecificData.get().getClass(r.reader());
                return new SpecificDatumReader<>(r.writer(), r.reader(), SpecificData.getForClass(type));
            }
            return new GenericDatumReader<>(r.writer(), r.reader(), GenericData.get());
        });
    }
}
