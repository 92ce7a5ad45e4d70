package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The probes, without a token: readiness UP once Kafka Streams runs and the agents store answers; liveness about the
 * process only, never about Kafka.
 */
class HealthGroupsTest extends ServiceTestSupport {

    @Test
    void readinessIsUpOnceStreamsRunsAndTheAgentsStoreAnswers() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final HttpResponse<String> readiness = health("readiness");
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
            final JsonNode body = json.readTree(readiness.body());
            assertThat(body.at("/status").asString()).isEqualTo("UP");
            for (final String component : new String[] {"readinessState", "kafkaStreams", "agentsStore"}) {
                assertThat(body.at("/components/" + component + "/status").asString()).as(component).isEqualTo("UP");
            }
        });
    }

    @Test
    void livenessIsUpAndDoesNotDependOnKafka() throws Exception {
        final HttpResponse<String> liveness = health("liveness");

        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        final JsonNode body = json.readTree(liveness.body());
        assertThat(body.at("/status").asString()).isEqualTo("UP");
        assertThat(fieldNames(body.at("/components"))).containsExactly("livenessState");
    }

    private HttpResponse<String> health(final String group) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + environment.getProperty("local.server.port") + "/actuator/health/" + group)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
