package net.oneview.chatticket.live;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream to one client. Events wait in a bounded queue and are written by a shared sender, one stream at a
 * time; a client that falls further behind than the queue holds is dropped (it reconnects and gets a full list). An
 * event with a version not above the last one sent is skipped, so a list never goes back to an older one.
 */
final class EventStream {

    /** An event to send: {@code data} as JSON, or a comment (heartbeat) when {@code name} is null. */
    record Event(String name, long version, Object data) {

        static Event heartbeat() {
            return new Event(null, -1, "heartbeat");
        }
    }

    private final SseEmitter emitter;
    private final int limit;
    private final Executor sender;
    private final Deque<Event> pending = new ArrayDeque<>();
    private long sentVersion;
    private boolean sending;
    private boolean closed;

    /** @param sentVersion the version the client has already ({@code Last-Event-ID}), or -1 */
    EventStream(final SseEmitter emitter, final int limit, final Executor sender, final long sentVersion) {
        this.emitter = emitter;
        this.limit = limit;
        this.sender = sender;
        this.sentVersion = sentVersion;
    }

    SseEmitter emitter() {
        return emitter;
    }

    /**
     * Queues the list the client starts from. A client that claims a version newer than it (an id not from this
     * agent's list) is sent it anyway.
     */
    void start(final Event snapshot) {
        synchronized (this) {
            if (sentVersion > snapshot.version()) {
                sentVersion = -1;
            }
        }
        offer(snapshot);
    }

    /** Queues the event; false when the stream is closed, or was just closed because its client lags too far. */
    boolean offer(final Event event) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (pending.size() >= limit) {
                closed = true;
                pending.clear();
                emitter.complete();
                return false;
            }
            pending.add(event);
            if (sending) {
                return true;
            }
            sending = true;
        }
        sender.execute(this::drain);
        return true;
    }

    /** Only heartbeats an idle stream: a busy one shows it is alive anyway. */
    void heartbeat() {
        synchronized (this) {
            if (!pending.isEmpty()) {
                return;
            }
        }
        offer(Event.heartbeat());
    }

    boolean isClosed() {
        synchronized (this) {
            return closed;
        }
    }

    void close() {
        synchronized (this) {
            closed = true;
            pending.clear();
        }
    }

    private void drain() {
        while (true) {
            final Event event;
            synchronized (this) {
                event = pending.poll();
                if (event == null || closed) {
                    sending = false;
                    return;
                }
                if (event.name() != null && event.version() >= 0 && event.version() <= sentVersion) {
                    continue;
                }
                if (event.version() >= 0) {
                    sentVersion = event.version();
                }
            }
            try {
                emitter.send(event.name() == null ? SseEmitter.event().comment((String) event.data())
                        : SseEmitter.event().id(Long.toString(event.version())).name(event.name())
                                .data(event.data(), MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {  // the client went away, or the stream completed
                close();
                emitter.completeWithError(e);
            }
        }
    }
}
