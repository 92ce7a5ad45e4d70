package net.oneview.chatticket.query;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The lags of this instance's copies of the stores, asked of the brokers at most once per {@code maxAge}. Kafka
 * Streams answers {@code allLocalStorePartitionLags()} with an admin ListOffsets request over every changelog
 * partition held here; asked on every read answered from a standby, that would be one broker round trip per read
 * while the active copies are gone, when reads need the brokers least. A lag a second old is good enough: it is only
 * said as "may be this far behind", and while a partition's active copy cannot answer, its changelog hardly grows.
 *
 * @param <S> what the lags are asked of (the running {@code KafkaStreams}); another one is asked afresh. It answers
 *     each store's partitions held here with their lags in records.
 */
final class RecentLags<S> {

    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final Function<S, Map<String, Map<Integer, Long>>> ask;
    private S askedOf;
    private long askedAt;
    private Map<String, Map<Integer, Long>> lags = Map.of();

    RecentLags(final Duration maxAge, final LongSupplier nanoTime,
            final Function<S, Map<String, Map<Integer, Long>>> ask) {
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.ask = ask;
    }

    /** The partition's lag in records as last asked, at most {@code maxAge} ago; -1 when the store is not here. */
    synchronized long lag(final S source, final String store, final int partition) {
        final long now = nanoTime.getAsLong();
        if (source != askedOf || now - askedAt >= maxAgeNanos) {
            // one caller asks while the others wait for its answer, rather than each asking at once
            lags = ask.apply(source);
            askedOf = source;
            askedAt = now;
        }
        final Map<Integer, Long> partitions = lags.get(store);
        final Long lag = partitions == null ? null : partitions.get(partition);
        return lag == null ? -1 : lag;
    }
}
