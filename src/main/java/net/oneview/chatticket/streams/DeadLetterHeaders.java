package net.oneview.chatticket.streams;

/**
 * The headers of a dead letter, which {@link DeadLetterHandler} writes and {@link DeadLetterReplay} reads, and of a
 * record a replay sent back. Every name starts with {@value #PREFIX}.
 */
public final class DeadLetterHeaders {

    public static final String PREFIX = "dead-letter.";
    /** Where the record was read: topic, partition, offset; the processor that failed; why. */
    public static final String TOPIC = PREFIX + "topic";
    public static final String PARTITION = PREFIX + "partition";
    public static final String OFFSET = PREFIX + "offset";
    public static final String PROCESSOR = PREFIX + "processor";
    public static final String ERROR = PREFIX + "error";
    /** On a letter that could not carry its record (too large): the record is still at its topic and offset. */
    public static final String COPY_DROPPED = PREFIX + "copy-dropped";
    /** On a replayed record: how many times it has been replayed. Its processors use it to drop outdated events. */
    public static final String REPLAYED = PREFIX + "replayed";

    private DeadLetterHeaders() {
    }
}
