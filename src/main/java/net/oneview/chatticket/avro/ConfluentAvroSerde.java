package net.oneview.chatticket.avro;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializer and deserializer of Confluent's Avro wire format, as one Kafka serde. */
public class ConfluentAvroSerde<T> implements Serde<T> {

    private final ConfluentAvroSerializer<T> serializer = new ConfluentAvroSerializer<>();
    private final ConfluentAvroDeserializer<T> deserializer = new ConfluentAvroDeserializer<>();

    public ConfluentAvroSerde() {
    }

    /** A serde for generated classes, configured at once. */
    public static <T> ConfluentAvroSerde<T> specific(final Map<String, ?> configs, final boolean isKey) {
        final Map<String, Object> withSpecific = new HashMap<>(configs);
        withSpecific.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        final ConfluentAvroSerde<T> serde = new ConfluentAvroSerde<>();
        serde.configure(withSpecific, isKey);
        return serde;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
