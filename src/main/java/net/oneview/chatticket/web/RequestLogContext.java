package net.oneview.chatticket.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.oneview.chatticket.logging.LogContext;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * For the length of a request, the log context holds the agent id of a {@code /v1/{agentID}/...} path and the ticket id
 * of {@code /v1/tickets/{ticketId}/...}, so that every line logged for the request (the security filters', the
 * controllers', a forwarded read's) says whom it is about. Only ids from the path: never a header, never a token.
 */
@Component
class RequestLogContext extends OncePerRequestFilter implements Ordered {

    private static final Pattern AGENT_PATH = Pattern.compile(
            "^/v1/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:/.*)?$");
    private static final Pattern TICKET_PATH = Pattern.compile("^/v1/tickets/([^/]+)(?:/.*)?$");

    /** First, so that the lines of every other filter carry the ids too. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    protected void doFilterInternal(final HttpServletRequest request, final HttpServletResponse response,
            final FilterChain chain) throws ServletException, IOException {
        final String path = request.getRequestURI();
        try (LogContext.Scope agent = LogContext.put(LogContext.AGENT_ID, agentId(path));
                LogContext.Scope ticket = LogContext.put(LogContext.TICKET_ID, ticketId(path))) {
            chain.doFilter(request, response);
        }
    }

    /** The agent id in its canonical (lower-case) form, or null. */
    static String agentId(final String path) {
        final Matcher agent = AGENT_PATH.matcher(path);
        return agent.matches() ? agent.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /** The ticket id, decoded, or null (also for one whose encoding is broken). */
    static String ticketId(final String path) {
        final Matcher ticket = TICKET_PATH.matcher(path);
        if (!ticket.matches()) {
            return null;
        }
        try {
            return UriUtils.decode(ticket.group(1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
