package net.oneview.chatticket.streams;

/**
 * A check of the environment that {@link StreamsLifecycle} runs before it starts the Kafka Streams client, and again
 * before each replacement: one that fails stops the service with its message instead of failing the first record.
 */
public interface StartCheck {

    /** @throws IllegalStateException saying what is wrong and how to fix it */
    void verify();
}
