package net.oneview.chatticket.streams;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Marks the process broken (the liveness probe then answers 503, so that it is restarted) when its Kafka Streams
 * client dies: ERROR, or shutting down without having been asked to (it stopped itself over an address shared with
 * another instance). A client that has shut down never starts again, so only a new process brings the instance back;
 * a client waiting for its broker keeps running and the process stays alive.
 */
final class StreamsLiveness implements KafkaStreams.StateListener {

    private static final Logger log = LoggerFactory.getLogger(StreamsLiveness.class);

    private final ApplicationEventPublisher events;
    /** Whether the service is stopping the client itself (a shutdown then is no failure). */
    private final BooleanSupplier stopping;
    private final AtomicBoolean reported = new AtomicBoolean();

    StreamsLiveness(final ApplicationEventPublisher events, final BooleanSupplier stopping) {
        this.events = events;
        this.stopping = stopping;
    }

    @Override
    public void onChange(final KafkaStreams.State newState, final KafkaStreams.State oldState) {
        if (dead(newState, stopping.getAsBoolean()) && reported.compareAndSet(false, true)) {
            log.error("Kafka Streams is {} (was {}): this instance answers for nothing any more; liveness is now "
                    + "BROKEN so that it is restarted", newState, oldState);
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        }
    }

    /** Whether a client in this state is dead for good. */
    static boolean dead(final KafkaStreams.State state, final boolean stopping) {
        return switch (state) {
            case PENDING_ERROR, ERROR -> true;
            case PENDING_SHUTDOWN, NOT_RUNNING -> !stopping;
            case CREATED, REBALANCING, RUNNING -> false;
        };
    }
}
