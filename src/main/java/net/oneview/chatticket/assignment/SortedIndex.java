package net.oneview.chatticket.assignment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An index ordered by key: what lets the engine find the best ticket or agent without a scan. */
public interface SortedIndex {

    void put(String key, String value);

    void remove(String key);

    /** Up to {@code limit} entries with the smallest keys that start with the prefix, in key order. */
    List<Map.Entry<String, String>> head(String prefix, int limit);

    /** The entry with the smallest key that starts with the prefix. */
    default Optional<Map.Entry<String, String>> first(final String prefix) {
        return head(prefix, 1).stream().findFirst();
    }
}
