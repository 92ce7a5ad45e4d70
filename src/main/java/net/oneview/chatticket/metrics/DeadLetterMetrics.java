package net.oneview.chatticket.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.oneview.chatticket.streams.DeadLetterObserver;
import net.oneview.chatticket.streams.DeadLetterReason;
import org.springframework.stereotype.Component;

/**
 * {@code chat_ticket_dead_letters_total} by reason and the topic the bad record was read from, counted once the
 * broker has the letter. At least once, as decisions: a retried task writes (and counts) its letters again.
 */
@Component
class DeadLetterMetrics implements DeadLetterObserver {

    static final String DEAD_LETTERS = "chat.ticket.dead.letters";

    private final MeterRegistry registry;

    DeadLetterMetrics(final MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void deadLettered(final String topic, final DeadLetterReason reason) {
        Counter.builder(DEAD_LETTERS)
                .description("Records moved to the dead-letter topic, by reason and the topic they were read from")
                .tags("reason", reason.tag(), "topic", topic)
                .register(registry)
                .increment();
    }
}
