package net.oneview.chatticket.avro;

import java.util.UUID;
import org.apache.avro.Schema;

/** The part of a Confluent-compatible schema registry that a serde needs. */
public interface SchemaRegistry {

    /** Registers the schema under the subject (or finds it if already there) and returns its id. */
    int register(String subject, Schema schema);

    /** Returns the id of a schema already registered under the subject; fails with 40403 / 40401 otherwise. */
    int lookup(String subject, Schema schema);

    /** Returns the schema with this id; fails with 40403 if there is none. */
    Schema byId(int id);

    /** Returns the schema with this GUID (schema ids carried in record headers by newer Confluent clients). */
    Schema byGuid(UUID guid);

    /**
     * Whether {@link #byId} or {@link #byGuid} would answer without asking the registry: the schema (an Integer id or
     * a UUID) is cached, or the registry refused it a moment ago (not found), which is remembered for a while.
     */
    default boolean answersAtOnce(final Object reference) {
        return true;
    }
}
