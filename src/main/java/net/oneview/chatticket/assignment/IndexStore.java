package net.oneview.chatticket.assignment;

import java.util.Map;
import java.util.stream.Stream;

/**
 * The stored side of a {@link SortedIndex}: a store of index keys, read in key order, without a changelog (the task
 * builds its indexes from its tickets and agents when it starts, see {@link PoolIndexes}). Each
 * implementation makes the look-up the engine does for every event (the first keys with a prefix) cost O(log n) for
 * its kind of store.
 */
interface IndexStore {

    /** The stored entries whose keys start with the prefix, in key order; the caller closes the stream. */
    Stream<Map.Entry<String, String>> scan(String prefix);

    /** As {@link #scan(String)}, from the key {@code from} on (a key with the prefix, at or after it). */
    Stream<Map.Entry<String, String>> scan(String prefix, String from);

    /** The first stored key at or after {@code from}, or null: steps from one prefix to the next without a scan. */
    String next(String from);

    void put(String key, String value);

    void delete(String key);

    /** Deletes every key. */
    void clear();
}
