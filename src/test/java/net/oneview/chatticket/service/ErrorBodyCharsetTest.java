package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every error body is declared {@code application/json} (no parameter, as the blueprint says) and is UTF-8, whoever answers: the security
 * filters (401, 403), the controllers (400, 404) and the servlet container itself (a path it cannot decode).
 */
class ErrorBodyCharsetTest extends ServiceTestSupport {

    @Test
    void aMissingTokenIs401InUtf8() throws Exception {
        assertUtf8Error(raw("GET", "/v1/" + UUID.randomUUID() + "/tickets", null), 401, "not authorize");
    }

    @Test
    void anotherAgentsTokenIs403InUtf8() throws Exception {
        final String agent = UUID.randomUUID().toString();
        assertUtf8Error(raw("GET", "/v1/" + agent + "/tickets", Tokens.forAgent(UUID.randomUUID().toString())),
                403, "forbidden");
    }

    @Test
    void anAgentIdThatIsNotAUuidIs400InUtf8() throws Exception {
        assertUtf8Error(raw("GET", "/v1/not-a-uuid/tickets", Tokens.forAgent(UUID.randomUUID().toString())),
                400, "bad request");
    }

    @Test
    void anAgentNeverSeenIs404InUtf8() throws Exception {
        final String agent = UUID.randomUUID().toString();
        assertUtf8Error(raw("GET", "/v1/" + agent + "/tickets", Tokens.forAgent(agent)), 404, "not found");
    }

    @Test
    void aPathTheContainerCannotDecodeIs400InUtf8() throws Exception {
        assertUtf8Error(raw("GET", "/v1/%zz/tickets", null), 400, "bad request");
    }

    private RawHttp.Reply raw(final String method, final String target, final String token) throws Exception {
        final Map<String, byte[]> headers = token == null ? Map.of()
                : Map.of("Authorization", RawHttp.ascii("Bearer " + token));
        return RawHttp.send(Integer.parseInt(environment.getProperty("local.server.port")), method,
                RawHttp.ascii(target), headers, null);
    }

    private void assertUtf8Error(final RawHttp.Reply reply, final int status, final String message) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        final JsonNode body = json.readTree(new String(reply.body(), StandardCharsets.UTF_8));
        assertThat(body.get("errorCode").asInt()).isEqualTo(status);
        assertThat(body.get("errorMessage").asString()).isEqualTo(message);
    }
}
