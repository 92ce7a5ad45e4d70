package net.oneview.chatticket.query;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Reads one key of a store from whichever instance holds its partition: here, or over HTTP from the instance Kafka
 * Streams names ({@code GET /internal/stores/{store}/{key}}, or {@code .../{key}/{item}} for an item within the key's
 * partition, such as an agent within a pool; on the caller's behalf with an {@link InternalTokens
 * internal token}, answered with the Avro JSON of the value). When the active copy cannot answer (its instance is dead, or restoring), a standby's copy does,
 * and the response says so in {@value #STANDBY_LAG_HEADER} (how many records behind it may be). While no copy can
 * answer (start-up, rebalance) it throws {@link StoreUnavailableException}, never a wrong "absent".
 */
@Component
public class InteractiveQueries {

    /** Path of the endpoint through which instances read each other's stores. */
    public static final String INTERNAL_PATH = "/internal/stores/";
    /** How long a read asks again while no copy of its key can answer, and how often. */
    static final long UNAVAILABLE_WAIT_MS = 1_000;
    private static final long UNAVAILABLE_RETRY_MS = 100;
    /** On an answer read from a standby copy: the records of the partition that copy may not have yet. */
    public static final String STANDBY_LAG_HEADER = "Chat-Ticket-Standby-Lag";

    private static final StringSerializer KEYS = new StringSerializer();
    /** How old the standby copies' lags may be: each asking costs a request to the brokers. */
    private static final Duration LAGS_MAX_AGE = Duration.ofSeconds(1);

    private final StreamsLifecycle lifecycle;
    private final InternalTokens tokens;
    private final Duration forwardTimeout;
    /** Forwards in flight at most: a slow peer holds up a bounded share of this instance's request threads. */
    private final Semaphore forwards;
    private final RecentLags<KafkaStreams> lags = new RecentLags<>(LAGS_MAX_AGE, System::nanoTime,
            InteractiveQueries::offsetLags);
    /** Keys kept in {@link #places} at most; past it, they are forgotten all at once. */
    private static final int PLACES_KEPT = 100_000;
    /**
     * Where each key asked for lives (key: store and key), learnt while Kafka Streams' state was as
     * {@link StreamsLifecycle#stateChanges} said: asking Kafka Streams takes a lock that its stream threads take too,
     * and for a store of a sub-topology that reads internal topics it names them again at every asking (profiled: with
     * 500 reads a second, reads queued on that lock for hundreds of milliseconds).
     */
    private final Map<String, Place> places = new ConcurrentHashMap<>();

    /** Where a key lives, as learnt in a state of the client. */
    private record Place(long state, KeyQueryMetadata where) {
    }

    public InteractiveQueries(final StreamsLifecycle lifecycle, final InternalTokens tokens,
            @Value("${chat-ticket.queries.forward-timeout:2s}") final Duration forwardTimeout,
            @Value("${chat-ticket.queries.max-concurrent-forwards:64}") final int maxConcurrentForwards) {
        this.lifecycle = lifecycle;
        this.tokens = tokens;
        this.forwardTimeout = forwardTimeout;
        this.forwards = new Semaphore(maxConcurrentForwards);
    }

    /** How a value is read from this instance's copy of the key's partition; null when absent. */
    @FunctionalInterface
    public interface LocalRead<V> {
        V read(LocalStores stores);
    }

    /**
     * A key of a key-value store. {@code authorization}: the caller's Authorization header, on whose behalf another
     * instance is asked; null: asked as this instance (for what the caller was already checked for, or no caller).
     */
    public <V extends SpecificRecord> Optional<V> get(final String store, final String key, final Class<V> type,
            final String authorization) {
        return get(store, key, type, authorization, keyValue(store, key));
    }

    /**
     * A value that {@code local} reads for the key from the store on an instance that holds the key. While no copy can
     * answer (the group is moving the key's partition), asks again for up to {@value #UNAVAILABLE_WAIT_MS} ms before
     * it gives up: a rebalance then costs a slower answer rather than a 503.
     */
    public <V extends SpecificRecord> Optional<V> get(final String store, final String key, final Class<V> type,
            final String authorization, final LocalRead<V> local) {
        return get(store, key, null, type, authorization, local);
    }

    /**
     * As {@link #get(String, String, Class, String, LocalRead)}, for a value that {@code local} reads about an
     * {@code item} within the key (an agent within a pool): another instance is asked at
     * {@code /internal/stores/{store}/{key}/{item}}.
     */
    public <V extends SpecificRecord> Optional<V> get(final String store, final String key, final String item,
            final Class<V> type, final String authorization, final LocalRead<V> local) {
        final long deadline = System.currentTimeMillis() + UNAVAILABLE_WAIT_MS;
        while (true) {
            try {
                return getOnce(store, key, item, type, authorization, local);
            } catch (StoreUnavailableException e) {
                places.remove(place(store, key));  // it may have moved without the client's state changing yet
                if (System.currentTimeMillis() + UNAVAILABLE_RETRY_MS > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(UNAVAILABLE_RETRY_MS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private <V extends SpecificRecord> Optional<V> getOnce(final String store, final String key, final String item,
            final Class<V> type, final String authorization, final LocalRead<V> local) {
        final KeyQueryMetadata where = where(store, key);
        final List<HostInfo> copies = new ArrayList<>(List.of(where.activeHost()));
        copies.addAll(where.standbyHosts());
        final List<StoreUnavailableException> failures = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            final HostInfo copy = copies.get(i);
            final boolean standby = i > 0;  // the active copy first, then the standbys
            try {
                return copy.equals(lifecycle.self()) ? readLocal(store, where.partition(), standby, local)
                        : readRemote(copy, store, key, item, type, authorization, standby);
            } catch (StoreUnavailableException e) {
                failures.add(e);
            }
        }
        final StoreUnavailableException none = new StoreUnavailableException("no copy of " + store + " for the key "
                + "can answer now: " + failures.stream().map(Throwable::getMessage).toList());
        failures.forEach(none::addSuppressed);
        throw none;
    }

    /** Reads a key of a key-value store that this instance must hold; used to answer other instances. */
    public <V> Optional<V> getLocal(final String store, final String key, final boolean standby) {
        return getLocal(store, key, standby, keyValue(store, key));
    }

    /**
     * Reads what this instance must hold for the key, as its active copy or (when asked for) a standby's; used to
     * answer other instances.
     */
    public <V> Optional<V> getLocal(final String store, final String key, final boolean standby,
            final LocalRead<V> local) {
        final KeyQueryMetadata where = where(store, key);
        final boolean active = where.activeHost().equals(lifecycle.self());
        if (!active && !(standby && where.standbyHosts().contains(lifecycle.self()))) {
            throw new StoreUnavailableException("key of store " + store + " moved to another instance");
        }
        return readLocal(store, where.partition(), !active, local);
    }

    private static <V> LocalRead<V> keyValue(final String store, final String key) {
        return stores -> stores.store(store, QueryableStoreTypes.<String, V>keyValueStore()).get(key);
    }

    private KeyQueryMetadata where(final String store, final String key) {
        final long state = lifecycle.stateChanges();
        final Place known = places.get(place(store, key));
        if (known != null && known.state() == state) {
            return known.where();
        }
        final KeyQueryMetadata where = askWhere(store, key);
        if (places.size() >= PLACES_KEPT) {
            places.clear();
        }
        places.put(place(store, key), new Place(state, where));
        return where;
    }

    private static String place(final String store, final String key) {
        return store + '/' + key;
    }

    private KeyQueryMetadata askWhere(final String store, final String key) {
        final KafkaStreams streams = running();
        final KeyQueryMetadata where;
        try {
            where = streams.queryMetadataForKey(store, key, KEYS);
        } catch (IllegalStateException | InvalidStateStoreException e) {  // not started, not running yet
            throw new StoreUnavailableException("store " + store + " is not queryable yet", e);
        }
        if (where == null || KeyQueryMetadata.NOT_AVAILABLE.equals(where)) {
            throw new StoreUnavailableException("no instance holds store " + store + " right now (rebalancing)");
        }
        return where;
    }

    private <V> Optional<V> readLocal(final String store, final int partition, final boolean standby,
            final LocalRead<V> local) {
        final KafkaStreams streams = running();
        try {
            final Optional<V> value = Optional.ofNullable(local.read(new LocalStores(streams, partition, standby)));
            if (standby) {
                final long lag = lags.lag(streams, store, partition);
                if (value.isEmpty() && lag != 0) {
                    // a copy still catching up (or restoring from scratch) may simply not have the key yet
                    throw new StoreUnavailableException("the copy of " + store + " here is " + lag + " records behind "
                            + "and does not have the key: it may not have it yet");
                }
                answeredByStandby(Long.toString(lag));
            }
            return value;
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("store " + store + " is migrating or restoring here", e);
        }
    }

    private static Map<String, Map<Integer, Long>> offsetLags(final KafkaStreams streams) {
        final Map<String, Map<Integer, Long>> lags = new HashMap<>();
        streams.allLocalStorePartitionLags().forEach((store, partitions) -> partitions.forEach((partition, lag) ->
                lags.computeIfAbsent(store, s -> new HashMap<>()).put(partition, lag.offsetLag())));
        return lags;
    }

    private <V extends SpecificRecord> Optional<V> readRemote(final HostInfo owner, final String store,
            final String key, final String item, final Class<V> type, final String authorization,
            final boolean standby) {
        final URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + INTERNAL_PATH + store + "/"
                + UriUtils.encodePathSegment(key, StandardCharsets.UTF_8)
                + (item == null ? "" : "/" + UriUtils.encodePathSegment(item, StandardCharsets.UTF_8))
                + (standby ? "?standby=true" : ""));
        final Answer response = send(owner, store, uri,
                authorization == null ? tokens.forInstance() : tokens.forCurrentCaller(authorization));
        return switch (response.status()) {
            case 200 -> {
                if (response.standbyLag() != null) {
                    answeredByStandby(response.standbyLag());
                }
                yield Optional.of(AvroJson.read(response.body(), type));
            }
            case 404 -> Optional.empty();
            case 503 -> throw new StoreUnavailableException("instance " + owner + " cannot answer for " + store + " now");
            case 403 -> throw new AccessDeniedException("instance " + owner + " refused the caller for " + key);
            case 401 -> throw new IllegalStateException("instance " + owner + " does not accept tokens this instance "
                    + "accepts: are all instances configured with the same token issuer or secret?");
            default -> throw new IllegalStateException("instance " + owner + " answered " + response.status()
                    + " for " + uri + ": " + response.body());
        };
    }

    /**
     * The body another instance answers at an internal path, asked as an instance (not on a caller's behalf): for
     * what every instance adds its share to, such as the supervisor's counts.
     */
    public String askInstance(final HostInfo instance, final String path) {
        final Answer answer = send(instance, path, URI.create("http://" + instance.host() + ":" + instance.port() + path),
                tokens.forInstance());
        if (answer.status() != 200) {
            throw new StoreUnavailableException("instance " + instance + " answered " + answer.status() + " for " + path);
        }
        return answer.body();
    }

    /** Every other instance that holds the store (active copies). */
    public List<HostInfo> othersHolding(final String store) {
        return running().metadataForAllStreamsClients().stream()
                .filter(client -> client.stateStoreNames().contains(store))
                .map(org.apache.kafka.streams.StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(lifecycle.self()))
                .toList();
    }

    /** Runs {@code local} on this instance's active copy of the partition of a store; empty when it is not here. */
    public <V> Optional<V> readActive(final int partition, final LocalRead<V> local) {
        try {
            return Optional.ofNullable(local.read(new LocalStores(running(), partition, false)));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** What the other instance answered. */
    private record Answer(int status, String body, String standbyLag) {
    }

    /**
     * A blocking exchange on the request's own thread, over a kept-alive connection: the JDK's asynchronous client
     * passes each exchange through its selector and executor threads, which measured slower on a busy machine.
     */
    private Answer send(final HostInfo owner, final String store, final URI uri, final String authorization) {
        if (!forwards.tryAcquire()) {
            throw new StoreUnavailableException("too many reads forwarded to other instances at once");
        }
        try {
            final HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) forwardTimeout.toMillis());
            connection.setReadTimeout((int) forwardTimeout.toMillis());
            connection.setRequestProperty(HttpHeaders.AUTHORIZATION, authorization);
            final int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return new Answer(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8),
                        connection.getHeaderField(STANDBY_LAG_HEADER));
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("instance " + owner + " holding " + store + " is unreachable", e);
        } finally {
            forwards.release();
        }
    }

    /** The answer being built came from a standby copy: the HTTP response says how far behind it may be. */
    private static void answeredByStandby(final String lag) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                && request.getResponse() != null) {
            request.getResponse().setHeader(STANDBY_LAG_HEADER, lag);
        }
    }

    /** Avro JSON of a store value, as {@link #readRemote} expects it. */
    public static String toJson(final SpecificRecord value) {
        return AvroJson.write(value);
    }

    private KafkaStreams running() {
        final KafkaStreams streams = lifecycle.streams();
        if (streams == null) {
            throw new StoreUnavailableException("Kafka Streams is not running");
        }
        return streams;
    }
}
