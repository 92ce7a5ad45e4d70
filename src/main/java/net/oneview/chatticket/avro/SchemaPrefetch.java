package net.oneview.chatticket.avro;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the writer schema a record's value names is at hand; if not, it is fetched in the background, retried for as
 * long as the registry fails (unreachable, 5xx). The stream threads' consumer asks before it hands a record over, and
 * holds back a record that is not ready: a deserializer then never waits for the registry inside a transaction, and a
 * registry outage pauses only the records that need it, for as long as it lasts, while the stores stay readable.
 */
public final class SchemaPrefetch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaPrefetch.class);
    private static final long FIRST_PAUSE_MS = 100;
    private static final long LONGEST_PAUSE_MS = 2_000;

    private final SchemaRegistry registry;
    private final Map<Object, Boolean> fetching = new ConcurrentHashMap<>();
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(task -> {
        final Thread thread = new Thread(task, "schema-prefetch");
        thread.setDaemon(true);
        return thread;
    });

    public SchemaPrefetch(final String registryUrl) {
        this.registry = SchemaRegistries.forUrl(registryUrl);
    }

    /** True if the record's value names no schema, or one at hand; else starts fetching it. */
    public boolean ready(final ConsumerRecord<byte[], byte[]> record) {
        final Object reference = reference(record);
        if (reference == null || registry.answersAtOnce(reference)) {
            return true;
        }
        if (fetching.putIfAbsent(reference, Boolean.TRUE) == null) {
            fetcher.execute(() -> fetch(reference));
        }
        return false;
    }

    private void fetch(final Object reference) {
        long pause = FIRST_PAUSE_MS;
        boolean logged = false;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (reference instanceof Integer id) {
                        registry.byId(id);
                    } else {
                        registry.byGuid((UUID) reference);
                    }
                    if (logged) {
                        log.info("schema registry answers again: schema {} fetched", reference);
                    }
                    return;
                } catch (SchemaRegistryException e) {
                    if (!e.isTransient()) {  // refused, and remembered: its records go to the dead letters
                        return;
                    }
                    if (!logged) {
                        log.warn("schema registry failing ({}): records written under schema {} wait for it",
                                e.getMessage(), reference);
                        logged = true;
                    }
                    Thread.sleep(pause);
                    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            fetching.remove(reference);
        }
    }

    /** The schema id or GUID the value's header or frame names; null if neither (not this format: not held back). */
    private static Object reference(final ConsumerRecord<byte[], byte[]> record) {
        final Header header = record.headers().lastHeader(WireFormat.schemaIdHeader(false));
        if (header != null && header.value() != null) {
            final ByteBuffer id = ByteBuffer.wrap(header.value());
            if (id.remaining() == 1 + 16 && id.get() == WireFormat.HEADER_GUID) {
                return new UUID(id.getLong(), id.getLong());
            }
            id.rewind();
            return id.remaining() == WireFormat.HEADER_SIZE && id.get() == WireFormat.MAGIC_BYTE ? id.getInt() : null;
        }
        final byte[] value = record.value();
        if (value == null || value.length < WireFormat.HEADER_SIZE || value[0] != WireFormat.MAGIC_BYTE) {
            return null;
        }
        return ByteBuffer.wrap(value, 1, WireFormat.ID_SIZE).getInt();
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }
}
