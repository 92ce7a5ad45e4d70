package net.oneview.chatticket.assignment;

import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An index in an in-memory store, read through a sorted copy of it: the in-memory store copies every key of the
 * range it iterates (profiled: copying the free agents' keys for each ticket dominated assignment), the copy is
 * read in O(log n). The store is what queries read; the copy is loaded from it when the task starts.
 */
final class MirroredIndexStore implements IndexStore {

    private final KeyValueStore<String, String> store;
    private final TreeMap<String, String> mirror = new TreeMap<>();

    MirroredIndexStore(final KeyValueStore<String, String> store) {
        this.store = store;
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entry -> mirror.put(entry.key, entry.value));
        }
    }

    @Override
    public Stream<Map.Entry<String, String>> scan(final String prefix) {
        return scan(prefix, prefix);
    }

    /**
     * Read through the view's iterator: a stream of a sorted map's view asks the view its size first, which a
     * {@code TreeMap} view counts entry by entry (profiled: with 20,000 agents, a look-up cost a count of every key
     * after its prefix).
     */
    @Override
    public Stream<Map.Entry<String, String>> scan(final String prefix, final String from) {
        final Iterator<Map.Entry<String, String>> entries = mirror.tailMap(from, true).entrySet().iterator();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(entries, Spliterator.ORDERED), false)
                .takeWhile(entry -> entry.getKey().startsWith(prefix));
    }

    @Override
    public String next(final String from) {
        return mirror.ceilingKey(from);
    }

    @Override
    public void put(final String key, final String value) {
        store.put(key, value);
        mirror.put(key, value);
    }

    @Override
    public void delete(final String key) {
        store.delete(key);
        mirror.remove(key);
    }

    @Override
    public void clear() {
        mirror.keySet().forEach(store::delete);
        mirror.clear();
    }
}
