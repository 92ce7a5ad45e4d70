package net.oneview.chatticket.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One stream: written only as far as its client takes bytes, holding the newest list at most besides the one being
 * written, never sending a list older than the last one sent, and noticing a client that takes nothing.
 */
class EventStreamTest {

    /** What the client took, as event ids (comments as "comment"); takes nothing while not ready. */
    private static final class RecordingOutput implements EventStream.Output {

        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        boolean ready = true;
        int largestWrite;
        int ends;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) {
            assertThat(ready).as("written only when ready").isTrue();
            taken.write(bytes, offset, length);
            largestWrite = Math.max(largestWrite, length);
        }

        @Override
        public void flush() {
            assertThat(ready).as("flushed only when ready").isTrue();
        }

        @Override
        public void end() {
            ends++;
        }

        List<String> sent() {
            final List<String> ids = new ArrayList<>();
            for (final String event : taken.toString(StandardCharsets.UTF_8).split("\n\n")) {
                if (!event.isEmpty()) {
                    ids.add(event.startsWith(":") ? "comment" : event.substring(3, event.indexOf('\n')));
                }
            }
            return ids;
        }
    }

    private final List<EventStream> ended = new ArrayList<>();

    @Test
    void aListOlderThanTheLastOneSentIsSkipped() {
        final RecordingOutput output = new RecordingOutput();
        final EventStream stream = stream(-1);
        stream.start(null, output);

        stream.offer(event(3));
        stream.offer(event(2));
        stream.offer(event(3));
        stream.heartbeat();
        stream.offer(event(4));

        assertThat(output.sent()).containsExactly("3", "comment", "4");
    }

    @Test
    void aStreamHasAVersionOnceItSentOrQueuedThatOrANewerOneAndEveryVersionOnceOver() {
        final RecordingOutput output = new RecordingOutput();
        final EventStream stream = stream(-1);
        stream.start(null, output);
        assertThat(stream.has(1)).isFalse();

        stream.offer(event(3));
        output.ready = false;
        stream.offer(event(5));

        assertThat(stream.has(3)).as("sent").isTrue();
        assertThat(stream.has(5)).as("queued").isTrue();
        assertThat(stream.has(6)).isFalse();
        stream.end();
        assertThat(stream.has(6)).as("over").isTrue();
    }

    @Test
    void theFirstListIsSkippedWhenTheClientHasItAndSentWhenTheClientsIdIsNotOfThisList() {
        final RecordingOutput upToDate = new RecordingOutput();
        stream(7).start(event(7), upToDate);
        assertThat(upToDate.sent()).isEmpty();

        final RecordingOutput behind = new RecordingOutput();
        stream(5).start(event(7), behind);
        assertThat(behind.sent()).containsExactly("7");

        final RecordingOutput foreign = new RecordingOutput();
        stream(99).start(event(7), foreign);
        assertThat(foreign.sent()).containsExactly("7");
    }

    @Test
    void aChangeSentBeforeTheFirstListIsNotFollowedByThatOlderList() {
        final RecordingOutput output = new RecordingOutput();
        final EventStream stream = stream(-1);
        stream.offer(event(6));
        stream.start(event(5), output);
        assertThat(output.sent()).containsExactly("6");

        final RecordingOutput foreign = new RecordingOutput();
        final EventStream withForeignId = stream(99);
        withForeignId.offer(event(6));
        withForeignId.start(event(5), foreign);
        assertThat(foreign.sent()).containsExactly("6");
    }

    @Test
    void aClientThatTakesNothingHoldsTheListBegunAndTheNewestOnly() {
        final RecordingOutput output = new RecordingOutput();
        output.ready = false;
        final EventStream stream = stream(-1);
        stream.start(event(1), output);
        for (int version = 2; version <= 9; version++) {
            assertThat(stream.offer(event(version))).isTrue();
        }
        assertThat(output.sent()).isEmpty();

        output.ready = true;
        stream.writable();
        assertThat(output.sent()).containsExactly("1", "9");
    }

    @Test
    void aLargeEventIsWrittenInChunksAsTheClientTakesThem() {
        final RecordingOutput output = new RecordingOutput();
        final EventStream stream = stream(-1);
        final EventStream.Event large = EventStream.Event.of("tickets", 1,
                ("\"" + "x".repeat(5 * EventStream.CHUNK) + "\"").getBytes(StandardCharsets.UTF_8));
        output.ready = false;
        stream.start(large, output);
        assertThat(output.taken.size()).isZero();

        output.ready = true;
        stream.writable();
        assertThat(output.taken.toByteArray()).isEqualTo(large.bytes());
        assertThat(output.largestWrite).isEqualTo(EventStream.CHUNK);
    }

    @Test
    void aClientIsStalledOnceBytesWaitedForItLongerThanTheTimeout() {
        final RecordingOutput output = new RecordingOutput();
        final EventStream stream = stream(-1);
        final long timeout = Duration.ofSeconds(30).toNanos();
        stream.start(event(1), output);
        assertThat(stream.stalled(System.nanoTime() + 2 * timeout, timeout)).as("all taken").isFalse();

        output.ready = false;
        stream.offer(event(2));
        final long blocked = System.nanoTime();
        assertThat(stream.stalled(blocked, timeout)).isFalse();
        assertThat(stream.stalled(blocked + 2 * timeout, timeout)).isTrue();

        output.ready = true;
        stream.writable();
        assertThat(stream.stalled(System.nanoTime() + 2 * timeout, timeout)).as("took the rest").isFalse();
        assertThat(output.sent()).containsExactly("1", "2");
    }

    @Test
    void aStreamEndsOnceAndTakesNothingMore() {
        final RecordingOutput output = new RecordingOutput();
        final EventStream stream = new EventStream(-1, Instant.parse("2026-12-01T10:00:00Z"), ended::add);
        stream.start(event(1), output);
        assertThat(stream.expired(Instant.parse("2026-12-01T09:59:59Z"))).isFalse();
        assertThat(stream.expired(Instant.parse("2026-12-01T10:00:00Z"))).isTrue();

        stream.end();
        stream.end();
        assertThat(stream.offer(event(2))).isFalse();
        assertThat(output.ends).isEqualTo(1);
        assertThat(ended).containsExactly(stream);
        assertThat(output.sent()).containsExactly("1");
    }

    @Test
    void eachLineOfTheDataIsADataLine() {
        final EventStream.Event event = EventStream.Event.of("queues", 4,
                "{\n  \"a\": 1\n}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(event.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("id:4\nevent:queues\ndata:{\ndata:  \"a\": 1\ndata:}\n\n");
    }

    private EventStream stream(final long claimed) {
        return new EventStream(claimed, null, ended::add);
    }

    private static EventStream.Event event(final long version) {
        return EventStream.Event.of("tickets", version, "[]".getBytes(StandardCharsets.UTF_8));
    }
}
