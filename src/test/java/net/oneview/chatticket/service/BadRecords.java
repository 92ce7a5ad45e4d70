package net.oneview.chatticket.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Bad (or merely odd) records for an input topic, each with the outcome the service promises for it.
 */
final class BadRecords {

    /** Confluent's frame: magic byte 0 and a 4-byte schema id before the Avro binary. */
    private static final int FRAME = 5;

    private BadRecords() {
    }

    /** What the service promises for a kind of record. */
    enum Outcome {
        /** the record, bytes unchanged, on the dead-letter topic with the reason in its headers */
        DEAD_LETTER,
        /** a REJECTED decision on ticket-assignments with the reason: a ticket the engine cannot assign */
        REJECTED,
        /** processed like any good record: odd, yet within what the service takes */
        APPLIED
    }

    record Bad(String kind, byte[] key, byte[] value, List<Header> headers, Outcome outcome, String reason) {

        String keyText() {
            return new String(key, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return kind;
        }
    }

    static Bad deadLetter(final String kind, final String key, final byte[] value, final String reason) {
        return new Bad(kind, bytes(key), value, List.of(), Outcome.DEAD_LETTER, reason);
    }

    static Bad rejected(final String kind, final String key, final byte[] value, final String reason) {
        return new Bad(kind, bytes(key), value, List.of(), Outcome.REJECTED, reason);
    }

    static Bad applied(final String kind, final String key, final byte[] value) {
        return new Bad(kind, bytes(key), value, List.of(), Outcome.APPLIED, null);
    }

    /**
     * The kinds any topic may receive: bytes that are not a record of the topic's type at all, and records without a
     * key or a value.
     *
     * @param good a good value of the topic, framed (its key is {@code key})
     * @param otherType a framed value of another record type, whose schema the registry knows
     */
    static List<Bad> unreadable(final String key, final byte[] good, final byte[] otherType) {
        return List.of(
                deadLetter("plain JSON, not Confluent-framed", key,
                        "{\"id\":\"not avro\"}".getBytes(StandardCharsets.UTF_8), "not in Confluent's Avro format"),
                deadLetter("empty value", key, new byte[0], "not in Confluent's Avro format"),
                deadLetter("unknown schema id", key, withSchemaId(good, 987_654), "schema not found"),
                deadLetter("truncated Avro", key, Arrays.copyOf(good, FRAME + (good.length - FRAME) / 2),
                        "cannot read"),
                deadLetter("Avro of another record type", key, otherType, "cannot read"),
                new Bad("garbage schema-id header", bytes(key), Arrays.copyOfRange(good, FRAME, good.length),
                        List.of(new RecordHeader("__value_schema_id", new byte[] {7, 7, 7})), Outcome.DEAD_LETTER,
                        "schema id header is neither"),
                deadLetter("null value (tombstone)", key, null, "has no value"),
                new Bad("null key", null, good, List.of(), Outcome.DEAD_LETTER, "has no key"));
    }

    private static byte[] withSchemaId(final byte[] framed, final int id) {
        final byte[] copy = framed.clone();
        ByteBuffer.wrap(copy).put(0, (byte) 0).putInt(1, id);
        return copy;
    }

    static byte[] bytes(final String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
