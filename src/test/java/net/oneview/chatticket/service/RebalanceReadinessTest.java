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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A rebalance is no reason to leave the load balancer: an instance stays ready (its readiness probe 200) while another
 * joins and Kafka Streams rebalances, as long as its stores answer again within the grace period.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class RebalanceReadinessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anInstanceStaysReadyWhileAnotherJoinsAndStreamsRebalances(final EmbeddedKafkaBroker broker) throws Exception {
        final String name = "rebalance-readiness";
        final List<ConfigurableApplicationContext> instances = new ArrayList<>();
        final ExecutorService starter = Executors.newSingleThreadExecutor();
        try {
            instances.add(start(broker, name, "one"));
            final ConfigurableApplicationContext first = instances.get(0);
            final KafkaStreams streams = first.getBean(StreamsLifecycle.class).streams();
            final Set<KafkaStreams.State> states = ConcurrentHashMap.newKeySet();
            final Map<Integer, Integer> answers = new ConcurrentHashMap<>();

            final Future<ConfigurableApplicationContext> second = starter.submit(() -> start(broker, name, "two"));
            await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        states.add(streams.state());
                        answers.merge(readiness(first), 1, Integer::sum);
                        return second.isDone() && states.contains(KafkaStreams.State.REBALANCING)
                                && streams.state() == KafkaStreams.State.RUNNING;
                    });
            instances.add(second.get());

            assertThat(answers).as("the first instance's readiness while the second joined (states seen: %s)", states)
                    .containsOnlyKeys(200);
        } finally {
            starter.shutdownNow();
            instances.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static ConfigurableApplicationContext start(final EmbeddedKafkaBroker broker, final String name,
            final String instance) {
        return Services.start(broker.getBrokersAsString(), name, name,
                "target/streams-state/" + name + "-" + instance + "-" + UUID.randomUUID(),
                "--chat-ticket.streams.instance-id=" + name + "-" + instance);
    }

    private static int readiness(final ConfigurableApplicationContext instance) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + instance.getEnvironment().getProperty("local.server.port") + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
