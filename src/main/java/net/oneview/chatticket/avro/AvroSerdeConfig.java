package net.oneview.chatticket.avro;

import java.util.Map;

/** The serde settings, named as Confluent's serializers name them. */
public record AvroSerdeConfig(String registryUrl, boolean autoRegister, boolean specificReader) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    static AvroSerdeConfig from(final Map<String, ?> configs) {
        final Object url = configs.get(SCHEMA_REGISTRY_URL);
        return new AvroSerdeConfig(
                url == null ? null : url.toString(),
                flag(configs.get(AUTO_REGISTER_SCHEMAS), true),
                flag(configs.get(SPECIFIC_AVRO_READER), false));
    }

    private static boolean flag(final Object value, final boolean fallback) {
        return value == null ? fallback : Boolean.parseBoolean(value.toString());
    }
}
