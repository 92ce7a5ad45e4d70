package net.oneview.chatticket.assignment;

import java.util.HashMap;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An index in a RocksDB store that is consumed from its head, as the backlog is: every ticket taken leaves a deleted
 * key (a tombstone) in front of the next one until compaction, and a seek from the prefix would step over all of them.
 * So each prefix keeps a floor, a key below which it holds nothing: the first key the last look-up found, lowered by
 * any key written below it. Look-ups seek from the floor. A prefix found empty keeps no floor, so that there are no
 * more floors than queues holding tickets, not one for every queue name ever seen; its next look-up seeks from the
 * prefix. The floors are in memory only; a task that starts again starts without them, which is only slower for its
 * first look-ups.
 */
final class RocksIndexStore implements IndexStore {

    /** Sorts after every index key with the same prefix (keys are ranks and ids, all ASCII). */
    private static final char END = '\uffff';

    private final KeyValueStore<String, String> store;
    /** By prefix: no stored key with the prefix is below the floor. */
    private final Map<String, String> floors = new HashMap<>();

    RocksIndexStore(final KeyValueStore<String, String> store) {
        this.store = store;
    }

    @Override
    public Stream<Map.Entry<String, String>> scan(final String prefix) {
        final KeyValueIterator<String, String> stored = store.range(floors.getOrDefault(prefix, prefix), prefix + END);
        if (stored.hasNext()) {
            floors.put(prefix, stored.peekNextKey());
        } else {
            floors.remove(prefix);
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(stored, Spliterator.ORDERED), false)
                .map(entry -> Map.entry(entry.key, entry.value))
                .onClose(stored::close);
    }

    /** Leaves the floors as they are: the keys below {@code from} may only be about to go (not yet deleted). */
    @Override
    public Stream<Map.Entry<String, String>> scan(final String prefix, final String from) {
        final String floor = floors.getOrDefault(prefix, prefix);
        final KeyValueIterator<String, String> stored = store.range(from.compareTo(floor) > 0 ? from : floor,
                prefix + END);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(stored, Spliterator.ORDERED), false)
                .map(entry -> Map.entry(entry.key, entry.value))
                .onClose(stored::close);
    }

    @Override
    public String next(final String from) {
        try (KeyValueIterator<String, String> stored = store.range(from, null)) {
            return stored.hasNext() ? stored.peekNextKey() : null;
        }
    }

    @Override
    public void put(final String key, final String value) {
        store.put(key, value);
        floors.replaceAll((prefix, floor) -> key.startsWith(prefix) && key.compareTo(floor) < 0 ? key : floor);
    }

    @Override
    public void delete(final String key) {
        store.delete(key);
    }

    /** Deletes as it reads: a RocksDB iterator reads the store as it was when it opened. */
    @Override
    public void clear() {
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entry -> store.delete(entry.key));
        }
        floors.clear();
    }

    /** How many prefixes have a floor. */
    int floors() {
        return floors.size();
    }
}
