package net.oneview.chatticket.streams;

/** Told of every dead letter once the broker has it (metrics). Called on a stream thread: must not block or fail. */
@FunctionalInterface
public interface DeadLetterObserver {

    /** Observes nothing. */
    DeadLetterObserver NONE = (topic, reason) -> { };

    /**
     * @param topic the topic the bad record was read from
     * @param reason why it is a dead letter
     */
    void deadLettered(String topic, DeadLetterReason reason);
}
