package net.oneview.chatticket.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** One stream's queue: bounded (a lagging client is dropped), and never sends a list older than the last one sent. */
class EventStreamTest {

    /** Records what would be written to the client, as the event ids sent (comments as "comment"). */
    private static final class RecordingEmitter extends SseEmitter {

        final List<String> sent = new ArrayList<>();
        boolean completed;

        @Override
        public void send(final SseEventBuilder event) throws IOException {
            final String text = event.build().stream().map(part -> String.valueOf(part.getData()))
                    .reduce("", String::concat);
            sent.add(text.startsWith(":") ? "comment" : text.substring(text.indexOf("id:") + 3, text.indexOf('\n')));
        }

        @Override
        public void complete() {
            completed = true;
        }
    }

    private static final Executor INLINE = Runnable::run;

    @Test
    void aClientThatFallsBehindTheQueueLimitIsDroppedNotBuffered() {
        final RecordingEmitter emitter = new RecordingEmitter();
        final List<Runnable> neverRun = new ArrayList<>();
        final EventStream stream = new EventStream(emitter, 3, neverRun::add, -1);

        assertThat(stream.offer(event(1))).isTrue();
        assertThat(stream.offer(event(2))).isTrue();
        assertThat(stream.offer(event(3))).isTrue();
        assertThat(stream.offer(event(4))).as("a fourth event waiting").isFalse();

        assertThat(stream.isClosed()).isTrue();
        assertThat(emitter.completed).isTrue();
        assertThat(stream.offer(event(5))).isFalse();
        assertThat(neverRun).as("one drain scheduled, not one per event").hasSize(1);
    }

    @Test
    void aListOlderThanTheLastOneSentIsSkipped() {
        final RecordingEmitter emitter = new RecordingEmitter();
        final EventStream stream = new EventStream(emitter, 10, INLINE, -1);

        stream.offer(event(3));
        stream.offer(event(2));
        stream.offer(event(3));
        stream.heartbeat();
        stream.offer(event(4));

        assertThat(emitter.sent).containsExactly("3", "comment", "4");
    }

    @Test
    void theFirstListIsSkippedWhenTheClientHasItAndSentWhenTheClientsIdIsNotOfThisList() {
        final RecordingEmitter upToDate = new RecordingEmitter();
        new EventStream(upToDate, 10, INLINE, 7).start(event(7));
        assertThat(upToDate.sent).isEmpty();

        final RecordingEmitter behind = new RecordingEmitter();
        new EventStream(behind, 10, INLINE, 5).start(event(7));
        assertThat(behind.sent).containsExactly("7");

        final RecordingEmitter foreign = new RecordingEmitter();
        new EventStream(foreign, 10, INLINE, 99).start(event(7));
        assertThat(foreign.sent).containsExactly("7");
    }

    private static EventStream.Event event(final long version) {
        return new EventStream.Event("tickets", version, List.of());
    }
}
