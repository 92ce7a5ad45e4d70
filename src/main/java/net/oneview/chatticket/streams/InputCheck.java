package net.oneview.chatticket.streams;

import java.util.function.Function;

/**
 * What a record read from an input topic needs before a processor may apply it: a key, a value, and a key that is the
 * id its value names (at most {@value #MAX_ID_CHARS} characters), since partitions and stores go by the key. A record
 * without them is bad: it goes to the dead letters, where it would otherwise vanish (a null value) or stop its
 * partition (a store refuses a null key).
 */
public final class InputCheck {

    /**
     * The longest id: the HTTP API reads ids no longer, and an id is repeated in every record about it (key, value,
     * the ticket inside a decision), so a longer one could take a record past the broker's limit.
     */
    public static final int MAX_ID_CHARS = 256;
    /** How much of a text a reason quotes. */
    private static final int QUOTED = 100;

    private InputCheck() {
    }

    /**
     * @param id the id the value names, which must be the key
     * @param idName what that id is, for the reason ("ticket id")
     * @return the value
     * @throws UnprocessableEventException when the record lacks a key or a value, or its key is not the value's id
     */
    public static <V> V keyedById(final String key, final V value, final Function<V, String> id, final String idName) {
        if (key == null) {
            throw new UnprocessableEventException(DeadLetterReason.BAD_KEY, "record has no key: it must be the "
                    + idName);
        }
        if (value == null) {
            throw new UnprocessableEventException(DeadLetterReason.BAD_VALUE,
                    "record has no value (a tombstone): an event must carry one");
        }
        final String named = id.apply(value);
        if (!key.equals(named)) {
            throw new UnprocessableEventException(DeadLetterReason.BAD_KEY, idName + " '" + quoted(named)
                    + "' is not the record's key '" + quoted(key) + "'");
        }
        if (named.length() > MAX_ID_CHARS) {
            throw new UnprocessableEventException(DeadLetterReason.BAD_KEY, idName + " is " + named.length()
                    + " characters long, at most " + MAX_ID_CHARS);
        }
        return value;
    }

    /** The start of a text, for a reason that quotes it: a reason must stay small whatever the record holds. */
    public static String quoted(final String text) {
        return text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "...";
    }
}
