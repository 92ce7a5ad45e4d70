package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import net.oneview.chatticket.ChatTicketApplication;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.testing.ApicurioProcess;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Two service processes (not two contexts in this JVM) against one broker and a real registry: agents put online
 * through either read the same on both; with one killed (kill -9), the other answers for all of them, from its standby
 * copy for the dead one's, with no wrong body and no wrong 404; restarted, it answers again. `make cluster` does the
 * same with three processes, a longer outage and a rolling restart.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class TwoProcessesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int AGENTS = 30;

    @Test
    void eitherProcessAnswersForEveryAgentAndTheSurvivorStillDoesWhenOneIsKilled(final EmbeddedKafkaBroker broker)
            throws Exception {
        try (ApicurioProcess registry = ApicurioProcess.start("two-processes-registry.log")) {
            final String run = UUID.randomUUID().toString();
            final int[] ports = {ApicurioProcess.freePort(), ApicurioProcess.freePort()};
            final Process[] services = {start(broker, registry, run, 0, ports[0]), start(broker, registry, run, 1, ports[1])};
            try {
                awaitReady(ports[0]);
                awaitReady(ports[1]);
                final Map<String, String> bodies = new HashMap<>();
                for (int i = 0; i < AGENTS; i++) {
                    final String agent = UUID.randomUUID().toString();
                    assertThat(call(ports[i % 2], "PUT", agent, "online").statusCode()).isEqualTo(200);
                    bodies.put(agent, call(ports[i % 2], "GET", agent, "tickets").body());
                }
                for (final Map.Entry<String, String> agent : bodies.entrySet()) {
                    await().atMost(Duration.ofSeconds(20)).until(() ->
                            call(ports[1], "GET", agent.getKey(), "tickets").body().equals(agent.getValue())
                                    && call(ports[0], "GET", agent.getKey(), "tickets").body().equals(agent.getValue()));
                }

                services[1].destroyForcibly().waitFor();
                final Map<String, Integer> answers = new TreeMap<>();
                for (int round = 0; round < 5; round++) {
                    for (final Map.Entry<String, String> agent : bodies.entrySet()) {
                        final HttpResponse<String> answer = call(ports[0], "GET", agent.getKey(), "tickets");
                        final String kind = answer.statusCode() != 200 ? Integer.toString(answer.statusCode())
                                : answer.body().equals(agent.getValue()) ? "200" : "wrong body";
                        answers.merge(kind, 1, Integer::sum);
                        answer.headers().firstValue(InteractiveQueries.STANDBY_LAG_HEADER)
                                .ifPresent(lag -> answers.merge("from the standby copy", 1, Integer::sum));
                    }
                }
                assertThat(answers).as("answers of the survivor").doesNotContainKeys("wrong body", "404", "500")
                        .containsKeys("200", "from the standby copy");
                assertThat(answers.getOrDefault("200", 0)).as("answers of the survivor: %s", answers)
                        .isGreaterThanOrEqualTo(AGENTS * 5 * 9 / 10);

                services[1] = start(broker, registry, run, 1, ports[1]);
                awaitReady(ports[1]);
                for (final Map.Entry<String, String> agent : bodies.entrySet()) {
                    await().atMost(Duration.ofSeconds(30)).until(() ->
                            call(ports[1], "GET", agent.getKey(), "tickets").body().equals(agent.getValue()));
                }
            } finally {
                for (final Process service : services) {
                    service.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** A service process on the test's classpath, as `java -jar` would run it. */
    private static Process start(final EmbeddedKafkaBroker broker, final ApicurioProcess registry, final String run,
            final int instance, final int port) throws Exception {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), ChatTicketApplication.class.getName(),
                "--spring.profiles.active=dev", "--server.address=127.0.0.1", "--server.port=" + port,
                "--management.server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--chat-ticket.schema-registry-url=" + registry.url(),
                "--chat-ticket.topics.partitions=3", "--chat-ticket.agents.default-queues=english",
                "--chat-ticket.streams.application-id=two-processes-" + run,
                "--chat-ticket.streams.instance-id=two-processes-" + instance,
                "--chat-ticket.streams.state-dir=target/streams-state/two-processes-" + run + "-" + instance));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "two-processes-" + instance + ".log")
                        .toFile())).start();
    }

    private static void awaitReady(final int port) {
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static HttpResponse<String> call(final int port, final String method, final String agent,
            final String action) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/" + agent + "/" + action))
                .header("Authorization", "Bearer " + Tokens.forAgent(agent)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
