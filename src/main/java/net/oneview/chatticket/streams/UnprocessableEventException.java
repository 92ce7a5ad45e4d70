package net.oneview.chatticket.streams;

/**
 * An event that its processor could not apply because of what it holds (the cause says why): the one processing
 * failure that sends the event to the dead letters. Any other failure (a store, the producer) fails the task, which
 * Kafka Streams retries from its last commit, so that no event is ever half applied.
 */
public class UnprocessableEventException extends RuntimeException {

    public UnprocessableEventException(final String message, final Throwable cause) {
        super(message, cause);
    }

    public UnprocessableEventException(final String message) {
        super(message);
    }
}
