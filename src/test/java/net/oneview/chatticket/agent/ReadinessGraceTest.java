package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Ready once the store answered, and for the grace period after it stopped answering; never before. */
class ReadinessGraceTest {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private final MovableClock clock = new MovableClock();
    private final ReadinessGrace grace = new ReadinessGrace(GRACE, clock);

    @Test
    void notReadyBeforeTheStoreFirstAnswers() {
        assertThat(grace.ready(false)).isFalse();
        clock.move(Duration.ofSeconds(5));
        assertThat(grace.ready(false)).isFalse();
        assertThat(grace.ready(true)).isTrue();
    }

    @Test
    void readyThroughAShortOutageAndNotReadyOnceItOutlastsTheGrace() {
        assertThat(grace.ready(true)).isTrue();
        clock.move(Duration.ofSeconds(10));
        assertThat(grace.ready(false)).as("a rebalance begins").isTrue();
        assertThat(grace.unansweredSince()).isEqualTo(clock.instant());
        clock.move(GRACE.minusMillis(1));
        assertThat(grace.ready(false)).isTrue();
        clock.move(Duration.ofMillis(1));
        assertThat(grace.ready(false)).as("the grace has run out").isFalse();
        assertThat(grace.ready(true)).isTrue();
        assertThat(grace.unansweredSince()).isNull();
        clock.move(Duration.ofMinutes(5));
        assertThat(grace.ready(false)).as("a new outage has a grace of its own").isTrue();
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void move(final Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }
    }
}
