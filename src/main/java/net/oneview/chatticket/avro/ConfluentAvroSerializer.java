package net.oneview.chatticket.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro values (generated classes, generic records or primitives) in Confluent's wire format, registering
 * or looking up the schema under the subject {@code <topic>-key} / {@code <topic>-value}. Null stays null
 * (a tombstone) and registers nothing.
 */
public class ConfluentAvroSerializer<T> implements Serializer<T> {

    /** Generated classes and generic records of one schema need different writers (logical-type conversions). */
    private record WriterKey(Schema schema, Class<?> specificClass) {
    }

    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private SchemaRegistry registry;
    private boolean autoRegister;
    private boolean isKey;

    public ConfluentAvroSerializer() {
    }

    /** A serializer configured at once, for use outside Kafka's own configuration path. */
    public ConfluentAvroSerializer(final Map<String, ?> configs, final boolean isKey) {
        configure(configs, isKey);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        this.registry = config.registry();
        this.autoRegister = config.autoRegister();
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("serializer used before configure()");
        }
        final Schema schema = Schemas.of(data);
        final String subject = WireFormat.subject(topic, isKey);
        final int id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(WireFormat.ID_SIZE).putInt(id).array());
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            final Object datum = data instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : data;
            writerFor(schema, data).write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " for topic " + topic, e);
        }
        return out.toByteArray();
    }

    private DatumWriter<Object> writerFor(final Schema schema, final Object data) {
        final Class<?> specific = data instanceof SpecificRecord ? data.getClass() : null;
        return writers.computeIfAbsent(new WriterKey(schema, specific), key -> specific != null
                ? new SpecificDatumWriter<>(key.schema(), SpecificData.getForClass(specific))
                : new GenericDatumWriter<>(key.schema(), GenericData.get()));
    }
}
