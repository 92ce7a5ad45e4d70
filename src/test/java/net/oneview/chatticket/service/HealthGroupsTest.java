package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The probes, without a token, on the management port ({@code /actuator/health/...}) and on the service port
 * ({@code /livez}, {@code /readyz}): readiness UP once the agents store answers (not Kafka Streams' state: a rebalance
 * alone does not make an instance unready); liveness about the process, never about the broker. The rest of the
 * actuator is on the management port only.
 */
class HealthGroupsTest extends ServiceTestSupport {

    @Test
    void readinessIsUpOnceTheAgentsStoreAnswers() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (final HttpResponse<String> readiness : List.of(management("/actuator/health/readiness"),
                    service("/readyz", null))) {
                assertThat(readiness.statusCode()).as(readiness.uri() + " " + readiness.body()).isEqualTo(200);
                final JsonNode body = json.readTree(readiness.body());
                assertThat(body.at("/status").asString()).isEqualTo("UP");
                assertThat(fieldNames(body.at("/components"))).containsExactlyInAnyOrder("readinessState",
                        "agentsStore");
                for (final String component : new String[] {"readinessState", "agentsStore"}) {
                    assertThat(body.at("/components/" + component + "/status").asString()).as(component)
                            .isEqualTo("UP");
                }
            }
        });
    }

    @Test
    void livenessIsUpAndDoesNotDependOnKafka() throws Exception {
        for (final HttpResponse<String> liveness : List.of(management("/actuator/health/liveness"),
                service("/livez", null))) {
            assertThat(liveness.statusCode()).as(liveness.uri() + " " + liveness.body()).isEqualTo(200);
            final JsonNode body = json.readTree(liveness.body());
            assertThat(body.at("/status").asString()).isEqualTo("UP");
            assertThat(fieldNames(body.at("/components"))).containsExactly("livenessState");
        }
    }

    @Test
    void theActuatorIsServedOnTheManagementPortNotOnTheServicePort() throws Exception {
        assertThat(environment.getProperty("local.management.port")).as("a port of its own")
                .isNotEqualTo(environment.getProperty("local.server.port"));
        assertThat(management("/actuator/health").statusCode()).isEqualTo(200);
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));
        for (final String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
                "/actuator")) {
            final HttpResponse<String> answer = service(path, supervisor);
            assertThat(answer.statusCode()).as(path + " on the service port").isEqualTo(404);
            assertThat(json.readTree(answer.body()).get("errorCode").asInt()).isEqualTo(404);
        }
    }

    private HttpResponse<String> service(final String path, final String token) throws Exception {
        return fetch(environment.getProperty("local.server.port"), path, token);
    }

    private HttpResponse<String> management(final String path) throws Exception {
        return fetch(environment.getProperty("local.management.port"), path, null);
    }

    private static HttpResponse<String> fetch(final String port, final String path, final String token)
            throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
