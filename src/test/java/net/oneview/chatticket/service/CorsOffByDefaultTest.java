package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Without {@code chat-ticket.security.cors-allowed-origins} there is no CORS: a preflight is a request like any. */
class CorsOffByDefaultTest extends ServiceTestSupport {

    @Test
    void aPreflightGetsNoCorsHeadersAndIs401LikeAnyRequestWithoutAToken() throws Exception {
        final RawHttp.Reply reply = CorsTest.preflight(Integer.parseInt(environment.getProperty("local.server.port")),
                "/v1/" + UUID.randomUUID() + "/tickets", CorsTest.ALLOWED, "GET", "authorization");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.headers().keySet()).noneMatch(name -> name.startsWith("access-control-"));
    }
}
