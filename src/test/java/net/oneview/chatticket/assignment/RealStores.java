package net.oneview.chatticket.assignment;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * State stores as a task opens them (RocksDB in a state directory of their own, in-memory ones), outside a topology:
 * for tests of what is written to them and read back. Changelogs are off: the mock context cannot log.
 */
final class RealStores implements AutoCloseable {

    private final File dir;
    private final MockProcessorContext<Object, Object> context;
    private final List<StateStore> opened = new ArrayList<>();

    RealStores() throws IOException {
        dir = Files.createTempDirectory("real-stores").toFile();
        final Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "real-stores-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        context = new MockProcessorContext<>(config, new TaskId(0, 0), dir);
    }

    /** Builds and opens the store; a processor given {@link #context()} finds it by its name. */
    <S extends StateStore> S open(final StoreBuilder<S> builder) {
        final S store = builder.withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        opened.add(store);
        return store;
    }

    ProcessingContext context() {
        return context;
    }

    /** The same context as a processor's, for a processor over these stores; it records what is forwarded. */
    @SuppressWarnings("unchecked")
    <K, V> MockProcessorContext<K, V> processorContext() {
        return (MockProcessorContext<K, V>) (MockProcessorContext<?, ?>) context;
    }

    @Override
    public void close() throws IOException {
        opened.forEach(StateStore::close);
        Utils.delete(dir);
    }
}
