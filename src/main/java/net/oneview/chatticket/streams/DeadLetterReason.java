package net.oneview.chatticket.streams;

import java.util.Locale;

/**
 * Why a record became a dead letter, in a few fixed kinds (a metric's tag, so never more than these): the detail is in
 * the letter's {@code dead-letter.error} header.
 */
public enum DeadLetterReason {

    /** Bytes that are not a record of the topic's type: not Confluent-framed, unknown schema id, truncated, ... */
    DESERIALIZATION,
    /** No key, or a key that is not the id the value names, or an id too long. */
    BAD_KEY,
    /** No value (a tombstone), or a value the service cannot take (a queue name it cannot index, a reason too long). */
    BAD_VALUE,
    /** A well-formed event that its processor could not apply (the assignment engine failed on it). */
    PROCESSING;

    /** The tag value: {@code deserialization}, {@code bad_key}, {@code bad_value}, {@code processing}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
