package net.oneview.chatticket.query;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Reads one key of a store from whichever instance holds its partition: here, or over HTTP from the instance Kafka
 * Streams names ({@code GET /internal/stores/{store}/{key}}, with the caller's bearer token, answered with the Avro
 * JSON of the value). While nobody can answer (start-up, rebalance) it throws {@link StoreUnavailableException},
 * never a wrong "absent".
 */
@Component
public class InteractiveQueries {

    /** Path of the endpoint through which instances read each other's stores. */
    public static final String INTERNAL_PATH = "/internal/stores/";

    private static final StringSerializer KEYS = new StringSerializer();

    private final StreamsLifecycle lifecycle;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public InteractiveQueries(final StreamsLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** How a value is read from the local instance's copy of a store; null when absent. */
    @FunctionalInterface
    public interface LocalRead<V> {
        V read(KafkaStreams streams);
    }

    /** A key of a key-value store. */
    public <V extends SpecificRecord> Optional<V> get(final String store, final String key, final Class<V> type,
            final String authorization) {
        return get(store, key, type, authorization, keyValue(store, key));
    }

    /** A value that {@code local} reads for the key from the store on the instance that holds the key. */
    public <V extends SpecificRecord> Optional<V> get(final String store, final String key, final Class<V> type,
            final String authorization, final LocalRead<V> local) {
        final HostInfo owner = owner(store, key);
        if (owner.equals(lifecycle.self())) {
            return readLocal(store, local);
        }
        return readRemote(owner, store, key, type, authorization);
    }

    /** Reads a key of a key-value store that this instance must hold; used to answer other instances. */
    public <V> Optional<V> getLocal(final String store, final String key) {
        return getLocal(store, key, keyValue(store, key));
    }

    /** Reads what this instance must hold for the key; used to answer other instances. */
    public <V> Optional<V> getLocal(final String store, final String key, final LocalRead<V> local) {
        if (!owner(store, key).equals(lifecycle.self())) {
            throw new StoreUnavailableException("key of store " + store + " moved to another instance");
        }
        return readLocal(store, local);
    }

    private static <V> LocalRead<V> keyValue(final String store, final String key) {
        return streams -> streams.store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.<String, V>keyValueStore())).get(key);
    }

    private HostInfo owner(final String store, final String key) {
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
        return where.activeHost();
    }

    private <V> Optional<V> readLocal(final String store, final LocalRead<V> local) {
        try {
            return Optional.ofNullable(local.read(running()));
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("store " + store + " is migrating or restoring", e);
        }
    }

    private <V extends SpecificRecord> Optional<V> readRemote(final HostInfo owner, final String store,
            final String key, final Class<V> type, final String authorization) {
        final URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + INTERNAL_PATH + store + "/"
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        final HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StoreUnavailableException("instance " + owner + " holding " + store + " is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while asking " + owner, e);
        }
        return switch (response.statusCode()) {
            case 200 -> Optional.of(AvroJson.read(response.body(), type));
            case 404 -> Optional.empty();
            case 503 -> throw new StoreUnavailableException("instance " + owner + " cannot answer for " + store + " now");
            case 403 -> throw new AccessDeniedException("instance " + owner + " refused the caller for " + key);
            case 401 -> throw new IllegalStateException("instance " + owner + " does not accept tokens this instance "
                    + "accepts: are all instances configured with the same token issuer or secret?");
            default -> throw new IllegalStateException("instance " + owner + " answered " + response.statusCode()
                    + " for " + uri + ": " + response.body());
        };
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
