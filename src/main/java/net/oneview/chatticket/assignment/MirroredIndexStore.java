package net.oneview.chatticket.assignment;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An index in an in-memory store, read through a sorted copy of it: the in-memory store copies every key of the
 * range it iterates (profiled: copying the free agents' keys for each ticket dominated assignment), the copy is
 * read in O(log n). The store stays the changelogged source; the copy is loaded from it when the task starts.
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
        return mirror.tailMap(prefix, true).entrySet().stream().takeWhile(entry -> entry.getKey().startsWith(prefix));
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
}
