package net.oneview.chatticket.logging;

import org.slf4j.MDC;

/**
 * Puts the id of the agent or ticket that the next log lines are about into the log context (MDC), for the length of
 * a {@code try} block: {@code try (LogContext.Scope ticket = LogContext.put(LogContext.TICKET_ID, id)) { log... }}.
 * An id unfit for a log line (blank, longer than {@value #MAX_ID_CHARS} characters, with control characters: a bad
 * record's key, a made-up path) is left out.
 */
public final class LogContext {

    public static final String AGENT_ID = "agentId";
    public static final String TICKET_ID = "ticketId";
    /** The longest id the service accepts anywhere (the inputs' keys, the HTTP API's ids). */
    static final int MAX_ID_CHARS = 256;

    private LogContext() {
    }

    /** Until closed, the log context holds the id under the key; closing restores what it held before. */
    public static Scope put(final String key, final String id) {
        if (!fit(id)) {
            return Scope.NONE;
        }
        final String before = MDC.get(key);
        MDC.put(key, id);
        return before == null ? () -> MDC.remove(key) : () -> MDC.put(key, before);
    }

    static boolean fit(final String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_ID_CHARS
                && id.chars().noneMatch(Character::isISOControl);
    }

    /** An id in the log context, until closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {

        Scope NONE = () -> { };

        @Override
        void close();
    }
}
