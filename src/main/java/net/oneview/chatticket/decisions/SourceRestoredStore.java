package net.oneview.chatticket.decisions;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store whose changelog is its source topic ({@code Topology#addReadOnlyStateStore}), but which keeps an
 * entry of its own per record rather than the record as it came: Kafka Streams restores such a store with the topic's
 * records as they are, so this one turns each into its entry on the way in, as its processor does. The entry's key
 * may use the record's offset, which the restore passes along ({@link RecordBatchingStateRestoreCallback}, the form
 * Kafka Streams' own RocksDB store restores in). Everything else goes to the wrapped store.
 */
final class SourceRestoredStore implements KeyValueStore<Bytes, byte[]> {

    /** Turns a record of the source topic into the store's entry, or null to leave it out. */
    interface Conversion {
        ConsumerRecord<byte[], byte[]> entry(ConsumerRecord<byte[], byte[]> record, String applicationId);
    }

    private final KeyValueStore<Bytes, byte[]> inner;
    private final Conversion conversion;

    SourceRestoredStore(final KeyValueStore<Bytes, byte[]> inner, final Conversion conversion) {
        this.inner = inner;
        this.conversion = conversion;
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        inner.init(new ConvertingContext(context), root);
    }

    private RecordBatchingStateRestoreCallback converted(final StateRestoreCallback callback,
            final String applicationId) {
        if (!(callback instanceof RecordBatchingStateRestoreCallback batching)) {
            throw new IllegalStateException("store " + name() + " restores record batches, not "
                    + callback.getClass().getName());
        }
        return records -> batching.restoreBatch(records.stream()
                .map(record -> conversion.entry(record, applicationId))
                .filter(Objects::nonNull)
                .toList());
    }

    @Override
    public void put(final Bytes key, final byte[] value) {
        inner.put(key, value);
    }

    @Override
    public byte[] putIfAbsent(final Bytes key, final byte[] value) {
        return inner.putIfAbsent(key, value);
    }

    @Override
    public void putAll(final List<KeyValue<Bytes, byte[]>> entries) {
        inner.putAll(entries);
    }

    @Override
    public byte[] delete(final Bytes key) {
        return inner.delete(key);
    }

    @Override
    public byte[] get(final Bytes key) {
        return inner.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(final Bytes from, final Bytes to) {
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(final Bytes from, final Bytes to) {
        return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return inner.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return inner.reverseAll();
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<Bytes, byte[]>
            prefixScan(final P prefix, final PS prefixKeySerializer) {
        return inner.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(final Query<R> query, final PositionBound bound, final QueryConfig config) {
        return inner.query(query, bound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** The task's context, but a restore callback registered through it converts each record first. */
    private final class ConvertingContext implements StateStoreContext {

        private final StateStoreContext context;

        ConvertingContext(final StateStoreContext context) {
            this.context = context;
        }

        @Override
        public void register(final StateStore store, final StateRestoreCallback callback) {
            context.register(store, converted(callback, context.applicationId()));
        }

        @Override
        public void register(final StateStore store, final StateRestoreCallback callback,
                final CommitCallback checkpoint) {
            context.register(store, converted(callback, context.applicationId()), checkpoint);
        }

        @Override
        public String applicationId() {
            return context.applicationId();
        }

        @Override
        public TaskId taskId() {
            return context.taskId();
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return context.recordMetadata();
        }

        @Override
        public Serde<?> keySerde() {
            return context.keySerde();
        }

        @Override
        public Serde<?> valueSerde() {
            return context.valueSerde();
        }

        @Override
        public File stateDir() {
            return context.stateDir();
        }

        @Override
        public StreamsMetrics metrics() {
            return context.metrics();
        }

        @Override
        public Map<String, Object> appConfigs() {
            return context.appConfigs();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(final String prefix) {
            return context.appConfigsWithPrefix(prefix);
        }
    }
}
