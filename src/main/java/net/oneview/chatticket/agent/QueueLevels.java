package net.oneview.chatticket.agent;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import net.oneview.chatticket.assignment.RoutingProperties;
import net.oneview.chatticket.web.ApiException;

/**
 * The queues claim read with the agent's level in each: an entry is a queue name, or {@code name:level} with a level
 * from {@value #LOWEST} to {@value #HIGHEST} (the best); a bare name is at level {@value #LOWEST}. The level follows
 * the last ':', so that a queue whose name holds one can still be given a level. A level the routing cannot use is
 * refused (400) rather than read as something the agent did not mean: the token is the agent's only say in it.
 */
final class QueueLevels {

    static final int LOWEST = 1;
    /** The routing's highest level: one number for both, so a claim the routing takes is never refused here. */
    static final int HIGHEST = RoutingProperties.MAX_LEVEL;

    private QueueLevels() {
    }

    /**
     * @param claim the claim's value: a list of entries, or one string of comma-separated entries; anything else (or
     *     no claim) gives the fallback queues, each at the lowest level
     * @return every queue the agent serves, sorted, with its level
     * @throws ApiException 400 for an entry without a name, a level that is no whole number from 1 to 5, or a queue
     *     listed twice with different levels
     */
    static SortedMap<String, Integer> of(final Object claim, final List<String> fallback, final String claimName) {
        final List<String> entries = claim instanceof Collection<?> list ? list.stream().map(String::valueOf).toList()
                : claim instanceof String text ? Arrays.asList(text.split(","))
                : null;
        final SortedMap<String, Integer> levels = new TreeMap<>();
        if (entries == null) {
            fallback.stream().map(String::trim).filter(queue -> !queue.isEmpty())
                    .forEach(queue -> levels.put(queue, LOWEST));
            return Collections.unmodifiableSortedMap(levels);
        }
        for (final String entry : entries) {
            if (!entry.isBlank()) {
                add(levels, entry.trim(), claimName);
            }
        }
        return Collections.unmodifiableSortedMap(levels);
    }

    private static void add(final SortedMap<String, Integer> levels, final String entry, final String claimName) {
        final int colon = entry.lastIndexOf(':');
        final String queue = colon < 0 ? entry : entry.substring(0, colon).trim();
        if (queue.isEmpty()) {
            throw bad("queue entry '" + entry + "' (claim '" + claimName + "') has no queue name");
        }
        final int level = colon < 0 ? LOWEST : level(entry, entry.substring(colon + 1).trim(), claimName);
        final Integer before = levels.putIfAbsent(queue, level);
        if (before != null && before != level) {
            throw bad("queue '" + queue + "' (claim '" + claimName + "') is listed with levels " + before + " and "
                    + level + "; give it one level");
        }
    }

    private static int level(final String entry, final String text, final String claimName) {
        if (!text.matches("\\d{1,9}")) {
            throw bad("queue entry '" + entry + "' (claim '" + claimName + "') has level '" + text + "'; levels are "
                    + LOWEST + " to " + HIGHEST);
        }
        final int level = Integer.parseInt(text);
        if (level < LOWEST || level > HIGHEST) {
            throw bad("queue entry '" + entry + "' (claim '" + claimName + "') has level " + level + "; levels are "
                    + LOWEST + " to " + HIGHEST);
        }
        return level;
    }

    private static ApiException bad(final String detail) {
        return ApiException.badClaim(detail);
    }
}
