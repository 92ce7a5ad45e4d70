package net.oneview.chatticket.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One open stream to one client. Each event is a whole list (or the whole counts), so a stream holds at most two: the
 * one being written and the newest waiting, which replaces an older one not yet begun; a version not above the last
 * one sent is never sent. Bytes go out without blocking, as far as the client takes them (its output calls back when
 * it takes more), so a client that stops reading holds up no thread and no other stream; {@link LiveStreams} ends a
 * stream whose client has taken nothing for too long, or whose caller's token has expired.
 */
final class EventStream {

    /** An event as written: its version (-1: a heartbeat) and its bytes in the {@code text/event-stream} format. */
    record Event(long version, byte[] bytes) {

        static final Event HEARTBEAT = new Event(-1, ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
        private static final byte[] NEXT_LINE = "\ndata:".getBytes(StandardCharsets.UTF_8);

        /** An event named {@code name}, with the version as its id and {@code json} as its data. */
        static Event of(final String name, final long version, final byte[] json) {
            return of(version, List.of(Map.entry(name, json)));
        }

        /**
         * Events of one version, sent together (an agent's tickets and offers): each named, with the version as its
         * id and its JSON as its data. A newer version replaces them all at once.
         */
        static Event of(final long version, final List<Map.Entry<String, byte[]>> named) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * named.size()
                    + named.stream().mapToInt(part -> part.getValue().length).sum());
            for (final Map.Entry<String, byte[]> part : named) {
                final byte[] json = part.getValue();
                out.writeBytes(("id:" + version + "\nevent:" + part.getKey() + "\ndata:")
                        .getBytes(StandardCharsets.UTF_8));
                int from = 0;
                for (int i = 0; i < json.length; i++) {
                    if (json[i] == '\n') {  // an indented mapper's line breaks: each line is a data line of its own
                        out.write(json, from, i - from);
                        out.writeBytes(NEXT_LINE);
                        from = i + 1;
                    }
                }
                out.write(json, from, json.length - from);
                out.write('\n');
                out.write('\n');
            }
            return new Event(version, out.toByteArray());
        }
    }

    /** Where the bytes go; never blocks. */
    interface Output {

        /** Whether a write now goes through; when not, the output calls {@link #writable()} once it does. */
        boolean isReady();

        void write(byte[] bytes, int offset, int length) throws IOException;

        void flush() throws IOException;

        /** Ends the response (a client reconnects). */
        void end();
    }

    /** At most this much per write, so the output copies no more than that of what its client does not take. */
    static final int CHUNK = 8192;

    private final long claimed;
    private final Instant until;
    private final Consumer<EventStream> ended;
    private Output output;
    private Event waiting;
    private byte[] writing;
    private int written;
    private long sentVersion = -1;
    private boolean unflushed;
    private boolean pumping;
    private boolean again;
    private boolean blocked;
    private long blockedSince;
    private boolean over;

    /**
     * @param claimed the version the client says it has ({@code Last-Event-ID}), or -1
     * @param until when the stream ends (its caller's token expires), or null
     * @param ended told once when the stream ends, whatever ends it
     */
    EventStream(final long claimed, final Instant until, final Consumer<EventStream> ended) {
        this.claimed = claimed;
        this.until = until;
        this.ended = ended;
    }

    /**
     * Starts writing to the client, beginning with {@code first} (the list read as the stream opened; null: none) or
     * with a change offered meanwhile if that is newer. A client that has that version already gets nothing until the
     * next change; one that claims a newer version than any known here (an id not of this list) gets it anyway.
     */
    void start(final Event first, final Output output) {
        final boolean ended;
        synchronized (this) {
            ended = over;
            if (!over) {
                final Event newest = first == null || waiting != null && waiting.version() > first.version()
                        ? waiting : first;
                sentVersion = newest == null || claimed > newest.version() ? -1 : claimed;
                waiting = newest != null && newest.version() > sentVersion ? newest : null;
                this.output = output;
                unflushed = true;  // the response's headers, even when no event is due
            }
        }
        if (ended) {  // ended while its first list was read (the instance is stopping)
            output.end();
            return;
        }
        pump();
    }

    /** Whether the stream has (sent or queued) the version, or a newer one, or is over. */
    synchronized boolean has(final long version) {
        return over || version <= Math.max(sentVersion, waiting == null ? -1 : waiting.version());
    }

    /** Queues the event, replacing an older one not yet begun; false when the stream is over. */
    boolean offer(final Event event) {
        synchronized (this) {
            if (over) {
                return false;
            }
            if (event.version() <= Math.max(sentVersion, waiting == null ? -1 : waiting.version())) {
                return true;
            }
            waiting = event;
        }
        pump();
        return true;
    }

    /** Only heartbeats an idle stream: a busy one shows it is alive anyway. */
    void heartbeat() {
        synchronized (this) {
            if (over || output == null || writing != null || waiting != null) {
                return;
            }
            waiting = Event.HEARTBEAT;
        }
        pump();
    }

    /** The client takes bytes again. */
    void writable() {
        synchronized (this) {
            blocked = false;
        }
        pump();
    }

    /** Whether bytes have waited for the client longer than {@code timeoutNanos} without it taking any. */
    synchronized boolean stalled(final long nanoTime, final long timeoutNanos) {
        return blocked && nanoTime - blockedSince > timeoutNanos;
    }

    /** Whether the caller's token has expired. */
    boolean expired(final Instant now) {
        return until != null && !now.isBefore(until);
    }

    synchronized boolean isOver() {
        return over;
    }

    /** Ends the stream, once: forgets its events, ends the response, tells whoever keeps it. */
    void end() {
        final Output out;
        synchronized (this) {
            if (over) {
                return;
            }
            over = true;
            waiting = null;
            writing = null;
            out = output;
        }
        if (out != null) {
            out.end();
        }
        ended.accept(this);
    }

    /** Writes what waits as far as the client takes it; one thread at a time, another's turn is taken over. */
    private void pump() {
        synchronized (this) {
            if (pumping) {
                again = true;
                return;
            }
            if (over || output == null) {
                return;
            }
            pumping = true;
        }
        try {
            while (writeSome()) {
                // until nothing waits, or the client takes nothing more now
            }
        } catch (IOException | RuntimeException e) {  // the client went away, or the response is over
            end();
        }
    }

    /** One write or flush; false once nothing is left or the client takes no more now (the turn is then over). */
    private boolean writeSome() throws IOException {
        final Output out;
        final byte[] bytes;
        final int from;
        synchronized (this) {
            if (over) {
                pumping = false;
                return false;
            }
            if (writing == null && waiting != null) {
                writing = waiting.bytes();
                written = 0;
                sentVersion = Math.max(sentVersion, waiting.version());
                waiting = null;
            }
            if (writing == null && !unflushed) {
                return endTurn();
            }
            out = output;
            bytes = writing;
            from = written;
        }
        if (!out.isReady()) {
            synchronized (this) {
                if (!blocked) {
                    blocked = true;
                    blockedSince = System.nanoTime();
                }
                return endTurn();
            }
        }
        if (bytes == null) {
            out.flush();
            synchronized (this) {
                unflushed = false;
                blocked = false;
            }
            return true;
        }
        final int length = Math.min(CHUNK, bytes.length - from);
        out.write(bytes, from, length);
        synchronized (this) {
            unflushed = true;
            blocked = false;
            if (writing == bytes) {
                written += length;
                if (written == bytes.length) {
                    writing = null;
                }
            }
        }
        return true;
    }

    /** Ends a writing turn, unless another thread asked for one meanwhile (then goes on). Holds the lock. */
    private boolean endTurn() {
        if (again) {
            again = false;
            return true;
        }
        pumping = false;
        return false;
    }
}
