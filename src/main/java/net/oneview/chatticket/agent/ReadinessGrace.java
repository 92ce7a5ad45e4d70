package net.oneview.chatticket.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Readiness from availability, with a grace period: ready once the store has answered, and still ready for
 * {@code grace} after it stops answering. A rebalance makes every instance's stores unanswerable for a moment at the
 * same time; without the grace, a load balancer would have no instance at all to send even the PUTs to, which need
 * only the producer. Reads in that moment are 503 with {@code Retry-After}, as ever.
 */
final class ReadinessGrace {

    private final Duration grace;
    private final Clock clock;
    private boolean answered;
    /** When the store was first seen not answering since it last answered; null while it answers. */
    private Instant unansweredSince;

    ReadinessGrace(final Duration grace, final Clock clock) {
        this.grace = grace;
        this.clock = clock;
    }

    /** Records whether the store answers now and says whether the instance counts as ready. */
    synchronized boolean ready(final boolean answers) {
        final Instant now = clock.instant();
        if (answers) {
            answered = true;
            unansweredSince = null;
            return true;
        }
        if (unansweredSince == null) {
            unansweredSince = now;
        }
        return answered && now.isBefore(unansweredSince.plus(grace));
    }

    /** Since when the store has not answered, or null while it answers. */
    synchronized Instant unansweredSince() {
        return unansweredSince;
    }
}
