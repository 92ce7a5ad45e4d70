package net.oneview.chatticket.avro;

import java.time.Duration;
import java.util.Map;

/**
 * The serde settings, named as Confluent's serializers name them.
 *
 * @param keyType, valueType with the specific reader: the generated class every record is read into, whatever the
 *     writer's record name (a producer may write under its own namespace); null: the class the writer's name names
 */
public record AvroSerdeConfig(String registryUrl, boolean autoRegister, boolean specificReader, Class<?> keyType,
        Class<?> valueType, Duration outageWait) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    /** This service's own: how long a call waits for a failing registry (milliseconds; 0, the default: not at all). */
    public static final String OUTAGE_WAIT_MS = "schema.registry.outage.wait.ms";

    static AvroSerdeConfig from(final Map<String, ?> configs) {
        final Object url = configs.get(SCHEMA_REGISTRY_URL);
        return new AvroSerdeConfig(
                url == null ? null : url.toString(),
                flag(configs.get(AUTO_REGISTER_SCHEMAS), true),
                flag(configs.get(SPECIFIC_AVRO_READER), false),
                type(configs.get(SPECIFIC_AVRO_KEY_TYPE)),
                type(configs.get(SPECIFIC_AVRO_VALUE_TYPE)),
                Duration.ofMillis(configs.get(OUTAGE_WAIT_MS) == null ? 0
                        : Long.parseLong(configs.get(OUTAGE_WAIT_MS).toString())));
    }

    /** The registry of {@link #registryUrl}, waiting out outages for {@link #outageWait} if that is set. */
    SchemaRegistry registry() {
        final SchemaRegistry registry = SchemaRegistries.forUrl(registryUrl);
        return outageWait.isZero() ? registry : new WaitingSchemaRegistry(registry, outageWait);
    }

    /** A class, or a class name. */
    private static Class<?> type(final Object value) {
        if (value == null || value instanceof Class<?>) {
            return (Class<?>) value;
        }
        try {
            return Class.forName(value.toString(), true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + value + " for the Avro reader", e);
        }
    }

    private static boolean flag(final Object value, final boolean fallback) {
        return value == null ? fallback : Boolean.parseBoolean(value.toString());
    }
}
