package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Two instances configured with the same application-server would each be asked for the other's keys and answer
 * "absent": they stop serving instead, their health says why, and the one stopped is no longer alive (liveness 503),
 * so that it is restarted.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class SharedAddressTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void instancesAdvertisingTheSameAddressRefuseToServe(final EmbeddedKafkaBroker broker) throws Exception {
        final List<ConfigurableApplicationContext> instances = new ArrayList<>();
        try {
            for (final String name : List.of("one", "two")) {
                instances.add(Services.start(broker.getBrokersAsString(), "shared-address", "shared-address",
                        "target/streams-state/shared-address-" + name + "-" + UUID.randomUUID(),
                        "--chat-ticket.streams.instance-id=shared-address-" + name,
                        "--chat-ticket.streams.application-server=localhost:18999"));
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> instances.stream()
                    .anyMatch(instance -> instance.getBean(StreamsLifecycle.class).addressShared()));
            final ConfigurableApplicationContext refused = instances.stream()
                    .filter(instance -> instance.getBean(StreamsLifecycle.class).addressShared()).findFirst()
                    .orElseThrow();
            assertThat(refused.getBean(StreamsLifecycle.class).streams().state().isRunningOrRebalancing()).isFalse();
            await().atMost(Duration.ofSeconds(30)).until(() -> probe(refused, "/livez") == 503);
            assertThat(probe(refused, "/readyz")).isEqualTo(503);
        } finally {
            instances.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static int probe(final ConfigurableApplicationContext instance, final String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + instance.getEnvironment().getProperty("local.server.port") + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
