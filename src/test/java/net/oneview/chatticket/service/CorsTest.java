package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code chat-ticket.security.cors-allowed-origins} set, 1vu's pages on those origins may call the API: their
 * preflights are answered without a token, the answers carry {@code Access-Control-Allow-Origin}; other origins get
 * no CORS headers and their preflights are refused (403).
 */
@TestPropertySource(properties =
        "chat-ticket.security.cors-allowed-origins=https://1vu.example.com, https://1vu.example.org")
class CorsTest extends ServiceTestSupport {

    static final String ALLOWED = "https://1vu.example.org";
    static final String OTHER = "https://elsewhere.example.com";

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutAToken() throws Exception {
        final RawHttp.Reply reply = preflight(port(), "/v1/" + UUID.randomUUID() + "/online", ALLOWED, "PUT",
                "authorization, content-type, last-event-id");

        assertThat(reply.status()).isIn(200, 204);
        assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(list(reply.header("Access-Control-Allow-Methods"))).contains("get", "put", "post", "options");
        assertThat(list(reply.header("Access-Control-Allow-Headers")))
                .contains("authorization", "content-type", "last-event-id");
    }

    @Test
    void anAnswerToAnAllowedOriginCarriesAllowOriginAndItsErrorsToo() throws Exception {
        final String agent = UUID.randomUUID().toString();
        final RawHttp.Reply online = request("PUT", "/v1/" + agent + "/online", ALLOWED, Tokens.forAgent(agent));
        final RawHttp.Reply anonymous = request("GET", "/v1/" + agent + "/tickets", ALLOWED, null);

        assertThat(online.status()).isEqualTo(200);
        assertThat(online.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(list(online.header("Access-Control-Expose-Headers"))).contains("retry-after");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    }

    @Test
    void aPreflightFromAnotherOriginIsRefusedInTheBlueprintsShape() throws Exception {
        final RawHttp.Reply reply = preflight(port(), "/v1/" + UUID.randomUUID() + "/tickets", OTHER, "GET",
                "authorization");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.text()).isEqualTo("{\"errorCode\":403,\"errorMessage\":\"forbidden\"}");
    }

    @Test
    void aPreflightForAMethodNotAllowedIsRefused() throws Exception {
        final RawHttp.Reply reply = preflight(port(), "/v1/" + UUID.randomUUID() + "/tickets", ALLOWED, "DELETE",
                "authorization");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void anotherOriginsRequestIsAnsweredWithoutCorsHeaders() throws Exception {
        final String agent = UUID.randomUUID().toString();
        final RawHttp.Reply online = request("PUT", "/v1/" + agent + "/online", OTHER, Tokens.forAgent(agent));

        assertThat(online.status()).isEqualTo(200);
        assertThat(online.headers().keySet()).noneMatch(name -> name.startsWith("access-control-"));
    }

    static RawHttp.Reply preflight(final int port, final String path, final String origin, final String method,
            final String headers) throws Exception {
        return RawHttp.send(port, "OPTIONS", RawHttp.ascii(path), Map.of("Origin", RawHttp.ascii(origin),
                "Access-Control-Request-Method", RawHttp.ascii(method),
                "Access-Control-Request-Headers", RawHttp.ascii(headers)), null);
    }

    private RawHttp.Reply request(final String method, final String path, final String origin, final String token)
            throws Exception {
        final Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("Origin", RawHttp.ascii(origin));
        if (token != null) {
            headers.put("Authorization", RawHttp.ascii("Bearer " + token));
        }
        return RawHttp.send(port(), method, RawHttp.ascii(path), headers, null);
    }

    private int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }

    /** A header's comma-separated values, lower-case. */
    private static List<String> list(final String header) {
        assertThat(header).isNotNull();
        return Arrays.stream(header.split(",")).map(value -> value.trim().toLowerCase(Locale.ROOT)).toList();
    }
}
