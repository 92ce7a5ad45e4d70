package net.oneview.chatticket.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import net.oneview.chatticket.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streams LiveStreams keeps: one that opens while the agent's last one closes is still followed; a caller's share
 * of streams is given back when one ends; a stream whose client takes nothing is ended after the write timeout.
 */
class LiveStreamsBookkeepingTest {

    @Test
    void aStreamOpenedWhileTheAgentsLastOneClosesIsFollowed() throws Exception {
        final LiveStreams streams = new LiveStreams(4000, 10, Duration.ofSeconds(30), Duration.ofSeconds(15),
                JsonMapper.builder().build());
        final Caller caller = new Caller("someone", null);
        final String agent = "agent";
        final CyclicBarrier together = new CyclicBarrier(2);
        final AtomicReference<EventStream> last = new AtomicReference<>();
        final Thread closer = new Thread(() -> {
            try {
                while (true) {
                    together.await();
                    streams.abandon(last.get());
                    together.await();
                }
            } catch (Exception e) {
                // the test is over
            }
        });
        closer.start();
        try {
            int orphans = 0;
            for (int round = 0; round < 300_000; round++) {
                last.set(streams.openAgent(agent, -1, caller));
                together.await();
                final EventStream opened = streams.openAgent(agent, -1, caller);
                together.await();
                if (!streams.follows(agent)) {
                    orphans++;
                }
                streams.abandon(opened);
            }
            assertThat(orphans).as("streams opened and not followed").isZero();
        } finally {
            closer.interrupt();
            streams.destroy();
        }
    }

    @Test
    void aCallersShareOfStreamsIsGivenBackWhenOneEnds() {
        final LiveStreams streams = new LiveStreams(4000, 2, Duration.ofSeconds(30), Duration.ofSeconds(15),
                JsonMapper.builder().build());
        try {
            final Caller caller = new Caller("someone", null);
            final EventStream first = streams.openAgent("one", -1, caller);
            streams.openAgent("two", -1, caller);
            assertThatThrownBy(() -> streams.openAgent("three", -1, caller)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
            streams.openAgent("three", -1, new Caller("someone else", null));

            first.end();
            assertThat(streams.follows("one")).isFalse();
            assertThat(streams.openAgent("three", -1, caller).isOver()).isFalse();
        } finally {
            streams.destroy();
        }
    }

    @Test
    void aStreamWhoseClientTakesNothingIsEndedAfterTheWriteTimeout() {
        final LiveStreams streams = new LiveStreams(4000, 10, Duration.ofMillis(200), Duration.ofSeconds(15),
                JsonMapper.builder().build());
        try {
            final EventStream asleep = streams.openAgent("asleep", -1, new Caller("someone", null));
            asleep.start(streams.event("tickets", 1, List.of()), new Output(false));
            final EventStream awake = streams.openAgent("awake", -1, new Caller("someone else", null));
            awake.start(streams.event("tickets", 1, List.of()), new Output(true));

            await().atMost(Duration.ofSeconds(5)).until(asleep::isOver);
            assertThat(streams.follows("asleep")).isFalse();
            assertThat(awake.isOver()).isFalse();
        } finally {
            streams.destroy();
        }
    }

    /** A client that takes every byte, or none. */
    private record Output(boolean ready) implements EventStream.Output {

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void end() {
        }
    }
}
