package net.oneview.chatticket.supervisor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import net.oneview.chatticket.live.LiveStreams;
import net.oneview.chatticket.query.InternalTokens;
import net.oneview.chatticket.query.StoreUnavailableException;
import net.oneview.chatticket.web.AgentAccess;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The supervisor's counts: now ({@code GET /v1/queues}), live, and each instance's share for the others. */
@RestController
class QueuesController {

    private final QueuesService queues;
    private final AgentAccess access;
    private final LiveStreams streams;
    private final InternalTokens tokens;

    QueuesController(final QueuesService queues, final AgentAccess access,
            final LiveStreams streams, final InternalTokens tokens,
            @Value("${chat-ticket.live.queues-interval:2s}") final Duration interval) {
        this.queues = queues;
        this.access = access;
        this.streams = streams;
        this.tokens = tokens;
        streams.sendQueues(queues::overview, interval);
    }

    @GetMapping("/v1/queues")
    QueueOverview queues(@AuthenticationPrincipal final Jwt token) {
        access.requireSupervisor(token);
        return queues.overview();
    }

    @GetMapping(value = "/v1/queues/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void stream(@AuthenticationPrincipal final Jwt token, final HttpServletRequest request,
            final HttpServletResponse response) throws IOException {
        access.requireSupervisor(token);
        QueueOverview now;
        try {
            now = queues.overview();
        } catch (StoreUnavailableException e) {
            now = null;  // the next tick sends them
        }
        streams.openSupervisor(now, token, request, response);
    }

    @GetMapping(QueuesService.INTERNAL_PATH)
    List<QueueCounts> share(@AuthenticationPrincipal final Jwt token) {
        if (!tokens.isInstance(token)) {
            throw new AccessDeniedException("only instances ask for their shares");
        }
        return queues.local();
    }
}
