package net.oneview.chatticket.assignment;

import java.util.Map;
import java.util.Optional;

/** An index ordered by key: what lets the engine find the best ticket or agent without a scan. */
public interface SortedIndex {

    void put(String key, String value);

    void remove(String key);

    /** The entry with the smallest key that starts with the prefix. */
    Optional<Map.Entry<String, String>> first(String prefix);
}
