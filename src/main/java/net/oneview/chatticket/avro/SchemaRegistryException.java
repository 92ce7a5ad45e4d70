package net.oneview.chatticket.avro;

import org.apache.kafka.common.errors.SerializationException;

/** The registry refused a request or could not be reached; {@link #errorCode()} is the registry's code. */
public class SchemaRegistryException extends SerializationException {

    /** Confluent's "subject not found". */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent's "schema not found". */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent's "invalid schema" / incompatible schema family. */
    public static final int INVALID_SCHEMA = 42201;
    /** Confluent's "schema incompatible with an earlier version". */
    public static final int INCOMPATIBLE_SCHEMA = 409;

    private final int errorCode;
    private final int httpStatus;

    public SchemaRegistryException(final int errorCode, final String message) {
        this(0, errorCode, message);
    }

    /** An error answer of the registry's HTTP API: the status, and the registry's own code from the body. */
    public SchemaRegistryException(final int httpStatus, final int errorCode, final String message) {
        super(describe(errorCode) + " (registry error " + errorCode + "): " + message);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    /** The registry could not be reached (or the call was interrupted). */
    public SchemaRegistryException(final String message, final Throwable cause) {
        super(message, cause);
        this.errorCode = -1;
        this.httpStatus = 0;
    }

    public int errorCode() {
        return errorCode;
    }

    /**
     * Whether the registry itself failed, not the request: unreachable, 5xx, 408 or 429. Retrying later may succeed;
     * a record that met this is not bad.
     */
    public boolean isTransient() {
        return errorCode < 0 || httpStatus >= 500 || httpStatus == 408 || httpStatus == 429;
    }

    private static String describe(final int code) {
        return switch (code) {
            case SUBJECT_NOT_FOUND -> "subject not found";
            case SCHEMA_NOT_FOUND -> "schema not found";
            case INVALID_SCHEMA -> "invalid schema";
            case INCOMPATIBLE_SCHEMA -> "schema is incompatible with an earlier version";
            default -> "schema registry refused the request";
        };
    }
}
