package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Open live streams do not hold up a graceful shutdown: the service ends them first (their clients reconnect to
 * another instance), instead of waiting out the shutdown phase's 30 s for requests that never end by themselves.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class LiveStreamsShutdownTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void openStreamsEndAtOnceWhenTheServiceStops(final EmbeddedKafkaBroker broker) throws Exception {
        final ConfigurableApplicationContext service = Services.start(broker.getBrokersAsString(), "live-shutdown",
                "live-shutdown", "target/streams-state/live-shutdown-" + UUID.randomUUID());
        final String base = "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/" + agent + "/online"))
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(),
                Map.of("scope", "openid tickets:supervise"));
        try (SseClient tickets = new SseClient(URI.create(base + "/v1/" + agent + "/tickets/stream"),
                Map.of("Authorization", "Bearer " + token));
                SseClient queues = new SseClient(URI.create(base + "/v1/queues/stream"),
                        Map.of("Authorization", "Bearer " + supervisor))) {
            tickets.next();
            queues.next();

            final long stopping = System.nanoTime();
            service.close();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("time to stop")
                    .isLessThan(Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(5)).until(() -> tickets.ended() && queues.ended());
        }
    }
}
