package net.oneview.chatticket.live;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.oneview.chatticket.query.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The streams open on this instance: agents' streams by agent id, and supervisors' streams. Sends heartbeats, and
 * the supervisor's counts every {@code chat-ticket.live.queues-interval} while a supervisor watches. At most
 * {@code chat-ticket.live.max-streams} are open at once; each holds at most {@code chat-ticket.live.queue-limit}
 * events not yet written.
 */
@Component
public class LiveStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

    private final Map<String, Set<EventStream>> agents = new ConcurrentHashMap<>();
    private final Set<EventStream> supervisors = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    /** What forgets each open stream, run once when it ends. */
    private final Map<EventStream, Runnable> endings = new ConcurrentHashMap<>();
    private final int maxStreams;
    private final int queueLimit;
    private final ExecutorService sender = Executors.newFixedThreadPool(2, daemon("live-stream-sender"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("live-stream-timer"));
    private final AtomicInteger queuesVersion = new AtomicInteger();

    LiveStreams(@Value("${chat-ticket.live.max-streams:4000}") final int maxStreams,
            @Value("${chat-ticket.live.queue-limit:32}") final int queueLimit,
            @Value("${chat-ticket.live.heartbeat:15s}") final Duration heartbeat) {
        this.maxStreams = maxStreams;
        this.queueLimit = queueLimit;
        timer.scheduleAtFixedRate(this::heartbeats, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Opens a stream of the agent's list; {@code lastVersion} is what the client has (-1: nothing). */
    EventStream openAgent(final String agentId, final long lastVersion) {
        final EventStream stream = open(lastVersion);
        agents.computeIfAbsent(agentId, id -> ConcurrentHashMap.newKeySet()).add(stream);
        whenDone(stream, () -> agents.computeIfPresent(agentId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        }));
        return stream;
    }

    /** Opens a stream of the supervisor's counts, starting with {@code first} (none if null). */
    public SseEmitter openSupervisor(final Object first) {
        final EventStream stream = open(-1);
        supervisors.add(stream);
        whenDone(stream, () -> supervisors.remove(stream));
        if (first != null) {
            stream.offer(new EventStream.Event("queues", queuesVersion.incrementAndGet(), first));
        }
        return stream.emitter();
    }

    /** Whether some stream here follows the agent. */
    boolean follows(final String agentId) {
        return agents.containsKey(agentId);
    }

    /** The agent's list changed: to every stream that follows the agent. */
    void agentChanged(final String agentId, final long version, final Object list) {
        final Set<EventStream> streams = agents.get(agentId);
        if (streams != null) {
            streams.forEach(stream -> stream.offer(new EventStream.Event("tickets", version, list)));
        }
    }

    /** Every {@code interval}, while a supervisor's stream is open, sends what {@code counts} gives to each. */
    public void sendQueues(final Supplier<Object> counts, final Duration interval) {
        timer.scheduleWithFixedDelay(() -> {
            if (supervisors.isEmpty()) {
                return;
            }
            try {
                final Object now = counts.get();
                final int version = queuesVersion.incrementAndGet();
                supervisors.forEach(stream -> stream.offer(new EventStream.Event("queues", version, now)));
            } catch (StoreUnavailableException e) {
                log.debug("supervisor's counts not available now: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("supervisor's counts failed", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private EventStream open(final long lastVersion) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw new StoreUnavailableException("this instance holds " + maxStreams + " streams already");
        }
        final SseEmitter emitter = new SseEmitter(0L);  // no time limit: heartbeats keep it open, the client ends it
        return new EventStream(emitter, queueLimit, sender, lastVersion);
    }

    /** Forgets a stream that never started (its request failed before the stream was handed out). */
    void abandon(final EventStream stream) {
        final Runnable done = endings.remove(stream);
        if (done != null) {
            done.run();
        }
    }

    private void whenDone(final EventStream stream, final Runnable forget) {
        final AtomicInteger once = new AtomicInteger();
        final Runnable done = () -> {
            if (once.getAndIncrement() == 0) {
                endings.remove(stream);
                stream.close();
                forget.run();
                open.decrementAndGet();
            }
        };
        endings.put(stream, done);
        stream.emitter().onCompletion(done);
        stream.emitter().onTimeout(done);
        stream.emitter().onError(error -> done.run());
    }

    private void heartbeats() {
        agents.values().forEach(streams -> streams.forEach(EventStream::heartbeat));
        supervisors.forEach(EventStream::heartbeat);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        sender.shutdownNow();
        agents.values().forEach(streams -> streams.forEach(stream -> stream.emitter().complete()));
        supervisors.forEach(stream -> stream.emitter().complete());
    }

    private static java.util.concurrent.ThreadFactory daemon(final String name) {
        return runnable -> {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
