package net.oneview.chatticket.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Reads answered from standby copies ask the brokers for the copies' lags at most once a second. */
class RecentLagsTest {

    private final AtomicLong clock = new AtomicLong();
    private final List<String> asked = new ArrayList<>();
    private final RecentLags<String> lags = new RecentLags<>(Duration.ofSeconds(1), clock::get, streams -> {
        asked.add(streams);
        return Map.of("agents", Map.of(0, 5L + asked.size(), 2, 0L));
    });

    @Test
    void manyReadsWithinASecondAskOnce() {
        for (int i = 0; i < 100; i++) {
            clock.addAndGet(Duration.ofMillis(9).toNanos());
            assertThat(lags.lag("streams", "agents", 0)).isEqualTo(6);
        }

        assertThat(asked).containsExactly("streams");
    }

    @Test
    void aLagOlderThanASecondIsAskedAgain() {
        lags.lag("streams", "agents", 0);
        clock.addAndGet(Duration.ofMillis(999).toNanos());
        lags.lag("streams", "agents", 2);
        clock.addAndGet(Duration.ofMillis(1).toNanos());

        assertThat(lags.lag("streams", "agents", 0)).isEqualTo(7);
        assertThat(asked).hasSize(2);
    }

    @Test
    void anotherStreamsInstanceIsAskedAfresh() {
        lags.lag("streams", "agents", 0);

        assertThat(lags.lag("streams after a restart", "agents", 0)).isEqualTo(7);
        assertThat(asked).containsExactly("streams", "streams after a restart");
    }

    @Test
    void aStoreOrPartitionNotHeldHereHasNoLag() {
        assertThat(lags.lag("streams", "agents", 1)).isEqualTo(-1);
        assertThat(lags.lag("streams", "ticket-decisions", 0)).isEqualTo(-1);
    }
}
