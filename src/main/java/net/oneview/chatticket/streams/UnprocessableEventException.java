package net.oneview.chatticket.streams;

/**
 * An event that its processor could not apply because of what it holds (the cause says why): the one processing
 * failure that sends the event to the dead letters. Any other failure (a store, the producer) fails the task, which
 * Kafka Streams retries from its last commit, so that no event is ever half applied.
 */
public class UnprocessableEventException extends RuntimeException {

    private final DeadLetterReason reason;

    public UnprocessableEventException(final DeadLetterReason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public UnprocessableEventException(final DeadLetterReason reason, final String message) {
        super(message);
        this.reason = reason;
    }

    /** An event its processor could not apply: {@link DeadLetterReason#PROCESSING}. */
    public UnprocessableEventException(final String message, final Throwable cause) {
        this(DeadLetterReason.PROCESSING, message, cause);
    }

    /** Which of the few kinds of bad record this is. */
    public DeadLetterReason reason() {
        return reason;
    }
}
