package net.oneview.chatticket.assignment;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Offers ({@code chat-ticket.offers.*}): instead of assigning a ticket at once, the engine offers it to the agent it
 * would have assigned it to, who accepts or declines it before the offer expires.
 *
 * @param timeout how long an offer waits for its answer; zero (the default) turns offers off: tickets are assigned at
 *     once
 * @param queueTimeout the timeout of single queues, overriding {@code timeout} (zero: no offers for that queue)
 * @param missedBeforeAway how many offers in a row an agent may let expire before it is set away
 */
@ConfigurationProperties("chat-ticket.offers")
public record OfferProperties(Duration timeout, Map<String, Duration> queueTimeout, Integer missedBeforeAway) {

    /** Longer offers would keep a customer waiting on an agent who does not answer for longer than any chat lasts. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    @ConstructorBinding
    public OfferProperties {
        timeout = timeout == null ? Duration.ZERO : timeout;
        queueTimeout = queueTimeout == null ? Map.of() : Map.copyOf(queueTimeout);
        missedBeforeAway = missedBeforeAway == null ? 1 : missedBeforeAway;
        requireTimeout("timeout", timeout);
        queueTimeout.forEach((queue, time) -> requireTimeout("queue-timeout." + queue, time));
        if (missedBeforeAway < 1) {
            throw new IllegalArgumentException("chat-ticket.offers.missed-before-away must be at least 1, not "
                    + missedBeforeAway);
        }
    }

    /** Offers off: every ticket is assigned at once. */
    public static OfferProperties off() {
        return new OfferProperties(null, null, null);
    }

    /** The offer timeout of the queue's tickets; zero: they are assigned at once. */
    public Duration timeout(final String queue) {
        return queueTimeout.getOrDefault(queue, timeout);
    }

    /** Whether any queue's tickets are offered: only then does a pool's task look for expired offers. */
    public boolean on() {
        return !timeout.isZero() || queueTimeout.values().stream().anyMatch(time -> !time.isZero());
    }

    private static void requireTimeout(final String name, final Duration value) {
        if (value.isNegative() || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("chat-ticket.offers." + name + " must be between 0 and " + MAX_TIMEOUT
                    + ", not " + value);
        }
    }
}
