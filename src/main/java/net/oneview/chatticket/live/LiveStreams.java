package net.oneview.chatticket.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.oneview.chatticket.query.StoreUnavailableException;
import net.oneview.chatticket.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streams open on this instance: agents' streams by agent id, and supervisors' streams. Each change is turned into
 * bytes once and offered to every stream that wants it. Sends heartbeats, and the supervisor's counts every
 * {@code chat-ticket.live.queues-interval} while a supervisor watches; ends a stream whose client took nothing for
 * {@code chat-ticket.live.write-timeout} or whose caller's token expired. At most {@code chat-ticket.live.max-streams}
 * are open at once, {@code max-streams-per-subject} of one caller. Stopping ends every stream first (this phase stops
 * before the web server's graceful shutdown, which would otherwise wait for them).
 */
@Component
public class LiveStreams implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

    /** A stream as kept here: who opened it, and the agent it follows (null: a supervisor's). */
    private record Opened(Caller caller, String agentId) {
    }

    private final Map<String, Set<EventStream>> agents = new ConcurrentHashMap<>();
    private final Set<EventStream> supervisors = ConcurrentHashMap.newKeySet();
    private final Map<EventStream, Opened> open = new ConcurrentHashMap<>();
    private final Map<String, Integer> bySubject = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int maxStreams;
    private final int maxPerSubject;
    private final long writeTimeoutNanos;
    private final JsonMapper json;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "live-stream-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger queuesVersion = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean stopping;

    LiveStreams(@Value("${chat-ticket.live.max-streams:4000}") final int maxStreams,
            @Value("${chat-ticket.live.max-streams-per-subject:10}") final int maxPerSubject,
            @Value("${chat-ticket.live.write-timeout:30s}") final Duration writeTimeout,
            @Value("${chat-ticket.live.heartbeat:15s}") final Duration heartbeat, final JsonMapper json) {
        this.maxStreams = maxStreams;
        this.maxPerSubject = maxPerSubject;
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.json = json;
        timer.scheduleAtFixedRate(() -> open.keySet().forEach(EventStream::heartbeat), heartbeat.toMillis(),
                heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::endOverdue, 1, 1, TimeUnit.SECONDS);
    }

    /** Opens a stream of the agent's list, not started yet; {@code lastVersion} is what the client has (-1: none). */
    EventStream openAgent(final String agentId, final long lastVersion, final Caller caller) {
        final EventStream stream = open(lastVersion, caller);
        agents.compute(agentId, (id, streams) -> {
            final Set<EventStream> following = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            following.add(stream);
            return following;
        });
        return kept(stream, new Opened(caller, agentId));
    }

    /** Starts the stream on the request's response, with {@code first} (the list read for it). */
    void start(final EventStream stream, final EventStream.Event first, final HttpServletRequest request,
            final HttpServletResponse response) throws IOException {
        stream.start(first, ServletOutput.start(stream, request, response));
    }

    /** Forgets a stream that never started (its request failed before it did). */
    void abandon(final EventStream stream) {
        stream.end();
    }

    /** Opens a stream of the supervisor's counts on the request's response, starting with {@code first} (or none). */
    public void openSupervisor(final Object first, final Jwt token, final HttpServletRequest request,
            final HttpServletResponse response) throws IOException {
        final Caller caller = Caller.of(token);
        final EventStream stream = open(-1, caller);
        supervisors.add(stream);
        kept(stream, new Opened(caller, null));
        try {
            start(stream, first == null ? null : event("queues", queuesVersion.incrementAndGet(), first), request,
                    response);
        } catch (IOException | RuntimeException e) {
            stream.end();
            throw e;
        }
    }

    /** An event to send, its data as JSON (the same as the API's answers). */
    EventStream.Event event(final String name, final long version, final Object data) {
        return EventStream.Event.of(name, version, json.writeValueAsBytes(data));
    }

    /** Whether some stream here follows the agent. */
    boolean follows(final String agentId) {
        return agents.containsKey(agentId);
    }

    /** The agent's list changed: to every stream that follows the agent. */
    void agentChanged(final String agentId, final long version, final Object list, final Object offers) {
        final Set<EventStream> streams = agents.get(agentId);
        if (streams != null && !streams.isEmpty()) {
            final EventStream.Event event = agentEvent(version, list, offers);
            streams.forEach(stream -> stream.offer(event));
        }
    }

    /**
     * An agent's change: its tickets ({@code event: tickets}) and, when offers are on, its pending offers ({@code
     * event: offers}; null: offers are off), with one version (id).
     */
    EventStream.Event agentEvent(final long version, final Object list, final Object offers) {
        return offers == null ? event("tickets", version, list) : EventStream.Event.of(version, List.of(
                Map.entry("tickets", json.writeValueAsBytes(list)), Map.entry("offers", json.writeValueAsBytes(offers))));
    }

    /** Every {@code interval}, while a supervisor's stream is open, sends what {@code counts} gives to each. */
    public void sendQueues(final Supplier<Object> counts, final Duration interval) {
        timer.scheduleWithFixedDelay(() -> {
            if (supervisors.isEmpty()) {
                return;
            }
            try {
                final EventStream.Event event = event("queues", queuesVersion.incrementAndGet(), counts.get());
                supervisors.forEach(stream -> stream.offer(event));
            } catch (StoreUnavailableException e) {
                log.debug("supervisor's counts not available now: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("supervisor's counts failed", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private EventStream open(final long lastVersion, final Caller caller) {
        if (stopping) {
            throw new StoreUnavailableException("this instance is stopping");
        }
        if (count.incrementAndGet() > maxStreams) {
            count.decrementAndGet();
            throw new StoreUnavailableException("this instance holds " + maxStreams + " streams already");
        }
        if (bySubject.merge(caller.subject(), 1, Integer::sum) > maxPerSubject) {
            release(caller);
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "this caller has " + maxPerSubject
                    + " streams open already");
        }
        return new EventStream(lastVersion, caller.until(), this::ended);
    }

    /** Keeps the stream until it ends; one kept while stopping is ended at once (stop() may have looked already). */
    private EventStream kept(final EventStream stream, final Opened opened) {
        open.put(stream, opened);
        if (stopping) {
            stream.end();
            throw new StoreUnavailableException("this instance is stopping");
        }
        return stream;
    }

    private void ended(final EventStream stream) {
        final Opened opened = open.remove(stream);
        if (opened == null) {
            return;
        }
        if (opened.agentId() == null) {
            supervisors.remove(stream);
        } else {
            agents.computeIfPresent(opened.agentId(), (id, streams) -> {
                streams.remove(stream);
                return streams.isEmpty() ? null : streams;
            });
        }
        release(opened.caller());
    }

    private void release(final Caller caller) {
        bySubject.computeIfPresent(caller.subject(), (subject, streams) -> streams == 1 ? null : streams - 1);
        count.decrementAndGet();
    }

    /** Ends the streams whose client took nothing for the write timeout, and those whose caller's token expired. */
    private void endOverdue() {
        final long nanoTime = System.nanoTime();
        final Instant now = Instant.now();
        open.keySet().forEach(stream -> {
            if (stream.stalled(nanoTime, writeTimeoutNanos)) {
                log.debug("a client took nothing of its stream for {} s: dropped", writeTimeoutNanos / 1_000_000_000);
                stream.end();
            } else if (stream.expired(now)) {
                stream.end();
            }
        });
    }

    /** Also after a stop: a context that is stopped and started again (a paused test context) takes streams again. */
    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    /** Ends every stream (their clients reconnect, to another instance), then refuses new ones. */
    @Override
    public void stop() {
        stopping = true;
        open.keySet().forEach(EventStream::end);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
