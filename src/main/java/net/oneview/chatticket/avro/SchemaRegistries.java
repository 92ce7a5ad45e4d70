package net.oneview.chatticket.avro;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** Finds the registry for a {@code schema.registry.url}: one shared client per URL, so caches are shared. */
public final class SchemaRegistries {

    private static final String MOCK = "mock://";
    private static final Map<String, SchemaRegistry> CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistries() {
    }

    public static SchemaRegistry forUrl(final String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is required");
        }
        final String first = url.split(",")[0].trim();
        if (first.startsWith(MOCK)) {
            return InMemorySchemaRegistry.scope(first.substring(MOCK.length()));
        }
        return CLIENTS.computeIfAbsent(first, RestSchemaRegistry::new);
    }

    /** The subjects of the in-JVM registry of a {@code mock://scope}, with their schemas. */
    public static Map<String, java.util.Set<Schema>> mockSubjects(final String scope) {
        return InMemorySchemaRegistry.scope(scope).subjects();
    }

    /** Empties the in-JVM registry of a {@code mock://scope}. */
    public static void dropMockScope(final String scope) {
        InMemorySchemaRegistry.drop(scope);
    }
}
