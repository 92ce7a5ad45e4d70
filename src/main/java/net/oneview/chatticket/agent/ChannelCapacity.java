package net.oneview.chatticket.agent;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import net.oneview.chatticket.web.ApiException;

/**
 * The capacity claim: one number for every channel together (as it always was), or a count per channel, given as a
 * JSON object ({@code {"chat": 3, "email": 5}}) or as text ({@code "chat:3,email:5"}); the capacity is then their
 * sum. A per-channel claim is refused (400) when it names a channel the service does not know (a typo would leave
 * the agent without tickets of that channel), when a count is no whole number of zero or more, and when it is empty.
 * The maximum applies to the sum, as the agent takes that many tickets at once coming online, and so to each channel.
 *
 * @param total the capacity over every channel
 * @param perChannel the count of each channel, sorted; empty when the claim gave one number (or none)
 */
record ChannelCapacity(int total, SortedMap<String, Integer> perChannel) {

    ChannelCapacity {
        perChannel = Collections.unmodifiableSortedMap(new TreeMap<>(perChannel));
    }

    /**
     * @throws ApiException 400 for a capacity above the maximum (the sum, or one channel's), or a per-channel claim
     *     that cannot be read as counts of known channels
     */
    static ChannelCapacity of(final Object claim, final AgentProperties settings) {
        if (claim instanceof Map<?, ?> object) {
            return perChannel(object, settings);
        }
        if (claim instanceof String text && text.contains(":")) {
            return perChannel(entries(text, settings.capacityClaim()), settings);
        }
        final int capacity = capacity(claim, settings.defaultCapacity());
        if (capacity > settings.maxCapacity()) {
            throw ApiException.badClaim("capacity " + capacity + " (claim '" + settings.capacityClaim()
                    + "') is above the maximum of " + settings.maxCapacity());
        }
        return new ChannelCapacity(capacity, new TreeMap<>());
    }

    /** One number, as before channels: a negative or unreadable one gives the default. */
    private static int capacity(final Object claim, final int fallback) {
        if (claim instanceof Number number && number.longValue() >= 0) {
            return (int) Math.min(number.longValue(), Integer.MAX_VALUE);
        }
        return claim instanceof String text && text.matches("\\d{1,9}") ? Integer.parseInt(text) : fallback;
    }

    /** {@code chat:3,email:5}: a channel given twice is refused, as the claim would say two things. */
    private static Map<String, Object> entries(final String text, final String claimName) {
        final Map<String, Object> entries = new LinkedHashMap<>();
        for (final String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            final int colon = entry.indexOf(':');
            if (colon < 0) {
                throw ApiException.badClaim("capacity entry '" + entry.trim() + "' (claim '" + claimName
                        + "') names no channel; write channel:count");
            }
            final String channel = entry.substring(0, colon).trim();
            if (entries.put(channel, entry.substring(colon + 1).trim()) != null) {
                throw ApiException.badClaim("channel '" + channel + "' (claim '" + claimName
                        + "') is given twice");
            }
        }
        return entries;
    }

    private static ChannelCapacity perChannel(final Map<?, ?> object, final AgentProperties settings) {
        final String claimName = settings.capacityClaim();
        if (object.isEmpty()) {
            throw ApiException.badClaim("capacity (claim '" + claimName + "') gives no channel; give a count per "
                    + "channel, or one number for every channel");
        }
        final SortedMap<String, Integer> counts = new TreeMap<>();
        long total = 0;
        for (final Map.Entry<?, ?> entry : object.entrySet()) {
            final String channel = String.valueOf(entry.getKey());
            if (!settings.channels().contains(channel)) {
                throw ApiException.badClaim("channel '" + channel + "' (claim '" + claimName + "') is not one of "
                        + String.join(", ", settings.channels()) + " (chat-ticket.agents.channels)");
            }
            final int count = count(channel, entry.getValue(), settings);
            counts.put(channel, count);
            total += count;
        }
        if (total > settings.maxCapacity()) {
            throw ApiException.badClaim("capacity " + total + " (claim '" + claimName + "', the sum of its "
                    + "channels) is above the maximum of " + settings.maxCapacity());
        }
        return new ChannelCapacity((int) total, counts);
    }

    private static int count(final String channel, final Object value, final AgentProperties settings) {
        final String where = "capacity '" + value + "' for channel '" + channel + "' (claim '"
                + settings.capacityClaim() + "')";
        final BigDecimal count = number(value);
        if (count == null || count.stripTrailingZeros().scale() > 0) {
            throw ApiException.badClaim(where + " is not a whole number");
        }
        if (count.signum() < 0) {
            throw ApiException.badClaim(where + " is negative");
        }
        if (count.compareTo(BigDecimal.valueOf(settings.maxCapacity())) > 0) {
            throw ApiException.badClaim(where + " is above the maximum of " + settings.maxCapacity());
        }
        return count.intValueExact();
    }

    /** A JSON number, or a number written as text; null for anything else. */
    private static BigDecimal number(final Object value) {
        if (!(value instanceof Number) && !(value instanceof String)) {
            return null;
        }
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;  // also NaN and infinities
        }
    }
}
