package net.oneview.chatticket.avro;

/** Constants of Confluent's framing: magic byte, 4-byte big-endian schema id, then plain Avro binary. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0x0;
    static final int ID_SIZE = 4;
    static final int HEADER_SIZE = 1 + ID_SIZE;
    /** A schema-id header holding a 4-byte id starts with 0x00; one holding a 16-byte GUID with 0x01. */
    static final byte HEADER_GUID = 0x1;
    static final String KEY_SCHEMA_ID_HEADER = "__key_schema_id";
    static final String VALUE_SCHEMA_ID_HEADER = "__value_schema_id";

    private WireFormat() {
    }

    static String subject(final String topic, final boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    static String schemaIdHeader(final boolean isKey) {
        return isKey ? KEY_SCHEMA_ID_HEADER : VALUE_SCHEMA_ID_HEADER;
    }
}
