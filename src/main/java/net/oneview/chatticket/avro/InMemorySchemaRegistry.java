package net.oneview.chatticket.avro;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry inside the JVM, one per {@code mock://scope}: what unit tests use instead of a registry server.
 * Ids are given in registration order; the same schema gets the same id in every subject, as in Confluent's.
 */
final class InMemorySchemaRegistry implements SchemaRegistry {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final List<Schema> schemas = new ArrayList<>();
    private final Map<String, Map<Schema, Integer>> subjects = new ConcurrentHashMap<>();

    static InMemorySchemaRegistry scope(final String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope's schemas (tests that need a fresh registry). */
    static void drop(final String scope) {
        SCOPES.remove(scope);
    }

    synchronized Map<String, java.util.Set<Schema>> subjects() {
        final Map<String, java.util.Set<Schema>> copy = new java.util.TreeMap<>();
        subjects.forEach((subject, versions) -> copy.put(subject, java.util.Set.copyOf(versions.keySet())));
        return copy;
    }

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        int id = schemas.indexOf(schema) + 1;
        if (id == 0) {
            schemas.add(schema);
            id = schemas.size();
        }
        subjects.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        return id;
    }

    @Override
    public synchronized int lookup(final String subject, final Schema schema) {
        final Map<Schema, Integer> versions = subjects.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException(SchemaRegistryException.SUBJECT_NOT_FOUND, subject);
        }
        final Integer id = versions.get(schema);
        if (id == null) {
            throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, subject);
        }
        return id;
    }

    @Override
    public synchronized Schema byId(final int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, "id " + id);
        }
        return schemas.get(id - 1);
    }

    @Override
    public synchronized Schema byGuid(final UUID guid) {
        return schemas.stream()
                .filter(s -> guidOf(s).equals(guid))
                .findFirst()
                .orElseThrow(() -> new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, "guid " + guid));
    }

    /** A stable GUID per schema text, so tests can write header-framed records. */
    static UUID guidOf(final Schema schema) {
        return UUID.nameUUIDFromBytes(schema.toString().getBytes(StandardCharsets.UTF_8));
    }
}
