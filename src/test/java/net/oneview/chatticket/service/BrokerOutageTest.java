package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * While the broker is down a status change cannot be published: 503 with Retry-After, not the blueprint's 500. The
 * process stays alive (liveness UP) and is not ready once Kafka Streams has stopped.
 */
class BrokerOutageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aStatusChangeWhileTheBrokerIsDownIs503WithRetryAfter() throws Exception {
        final EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, 3).brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        final ConfigurableApplicationContext service = Services.start(broker.getBrokersAsString(), "broker-outage",
                "broker-outage", "target/streams-state/broker-outage-" + UUID.randomUUID());
        try {
            final String agent = UUID.randomUUID().toString();
            final String token = Tokens.forAgent(agent);
            assertThat(put(service, agent, "online", token).statusCode()).isEqualTo(200);

            broker.destroy();
            final HttpResponse<String> answer = put(service, agent, "offline", token);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(answer.body()).isEqualTo("{\"errorCode\":503,\"errorMessage\":\"service unavailable\"}");

            // a process waiting for its broker is alive: restarting it would help nothing; it is only not ready
            assertThat(health(service, "liveness").statusCode()).isEqualTo(200);
            service.getBean(StreamsLifecycle.class).stop();
            final HttpResponse<String> readiness = health(service, "readiness");
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
            assertThat(health(service, "liveness").statusCode()).isEqualTo(200);
        } finally {
            broker.destroy();
            service.close();
        }
    }

    private static HttpResponse<String> health(final ConfigurableApplicationContext service, final String group)
            throws Exception {
        final String port = service.getEnvironment().getProperty("local.management.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/" + group))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(final ConfigurableApplicationContext service, final String agent,
            final String action, final String token) throws Exception {
        final String port = service.getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/" + agent + "/" + action))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
