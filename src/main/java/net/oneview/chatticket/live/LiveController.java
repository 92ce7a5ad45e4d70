package net.oneview.chatticket.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.offers.PendingOffers;
import net.oneview.chatticket.query.InternalTokens;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.tickets.TicketList;
import net.oneview.chatticket.web.AgentAccess;
import net.oneview.chatticket.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/{agentID}/tickets/stream}: the agent's tickets as Server-Sent Events, first the whole list, then the
 * whole list again after each change, each with the list's version as its id; it ends when the caller's token
 * expires. {@code POST /v1/stream-tickets}: a short-lived ticket that opens a stream where the request cannot carry the
 * bearer token (a browser's EventSource).
 */
@RestController
class LiveController {

    private final LiveStreams streams;
    private final AgentViews views;
    private final AgentAccess access;
    private final TicketList list;
    private final InternalTokens tokens;
    private final PendingOffers offers;

    LiveController(final LiveStreams streams, final AgentViews views, final AgentAccess access, final TicketList list,
            final InternalTokens tokens, final PendingOffers offers) {
        this.offers = offers;
        this.streams = streams;
        this.views = views;
        this.access = access;
        this.list = list;
        this.tokens = tokens;
    }

    @GetMapping(value = "/v1/{agentID}/tickets/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void tickets(@PathVariable("agentID") final String agentId, @AuthenticationPrincipal final Jwt token,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) final String authorization,
            @RequestHeader(name = "Last-Event-ID", required = false) final String lastEventId,
            final HttpServletRequest request, final HttpServletResponse response) throws IOException {
        final String agent = access.require(agentId, token);
        // follow first, then read: a change between the two is sent instead of the list read if it is newer
        final EventStream stream = streams.openAgent(agent, version(lastEventId), Caller.of(token));
        try {
            final AgentView view = views.find(agent, authorization)
                    .orElseThrow(() -> ApiException.notFound("agent " + agent + " never seen"));
            streams.start(stream, streams.agentEvent(view.getTicketsVersion(), list.of(view),
                    offers.on() ? offers.of(view) : null), request, response);
        } catch (IOException | RuntimeException e) {
            streams.abandon(stream);
            throw e;
        }
    }

    /** A stream ticket, which carries the expiry of the caller's token: a stream opened with it ends then. */
    @PostMapping("/v1/stream-tickets")
    Map<String, Object> streamTicket(@AuthenticationPrincipal final Jwt token) {
        return Map.of(InternalTokens.STREAM_TICKET_PARAMETER, tokens.streamTicket(Caller.withExpiryForTicket(token)),
                "expiresIn", InternalTokens.STREAM_TICKET_LIFETIME.toSeconds());
    }

    /** The version a reconnecting client has; a missing or foreign id means none, so the whole list is sent. */
    private static long version(final String lastEventId) {
        if (lastEventId == null) {
            return -1;
        }
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
