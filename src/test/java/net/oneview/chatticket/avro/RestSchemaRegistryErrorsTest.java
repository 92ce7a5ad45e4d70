package net.oneview.chatticket.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry failing (5xx, 408, 429, unreachable) is a transient fault, never a bad record; the registry refusing
 * the request (unknown id, invalid schema) is not transient. Against a real HTTP server on 127.0.0.1.
 */
class RestSchemaRegistryErrorsTest {

    private final AtomicInteger status = new AtomicInteger();
    private final AtomicReference<String> body = new AtomicReference<>("");
    private HttpServer server;
    private RestSchemaRegistry registry;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            final byte[] answer = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        registry = new RestSchemaRegistry("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void serverErrorsAreTransient() {
        for (final int code : new int[] {500, 502, 503, 408, 429}) {
            status.set(code);
            body.set(code == 500 ? "{\"error_code\":50001,\"message\":\"Error in the backend datastore\"}" : "");
            assertThatThrownBy(() -> registry.byId(1000 + code))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isTransient()).isTrue());
        }
    }

    @Test
    void anUnreachableRegistryIsTransient() {
        server.stop(0);
        assertThatThrownBy(() -> registry.byId(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void aRefusedSchemaIsRefusedAgainWithoutAskingWhileTheRegistryIsDown() {
        status.set(404);
        body.set("{\"error_code\":40403,\"message\":\"Schema not found\"}");
        assertThatThrownBy(() -> registry.byId(7)).isInstanceOf(SchemaRegistryException.class);
        assertThat(registry.answersAtOnce(7)).isTrue();
        assertThat(registry.answersAtOnce(8)).isFalse();
        server.stop(0);

        assertThatThrownBy(() -> registry.byId(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isTransient()).isFalse());
    }

    @Test
    void aRefusedRequestIsNotTransient() {
        status.set(404);
        body.set("{\"error_code\":40403,\"message\":\"Schema not found\"}");
        assertThatThrownBy(() -> registry.byId(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                });
        status.set(422);
        body.set("{\"error_code\":42201,\"message\":\"Invalid schema\"}");
        assertThatThrownBy(() -> registry.register("t-value", Schema.create(Schema.Type.STRING)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isTransient()).isFalse());
    }
}
