package net.oneview.chatticket.service;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.oneview.chatticket.ChatTicketApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole service in this JVM against a broker of the test's own, for tests that stop and start it. */
final class Services {

    private Services() {
    }

    private static final java.net.http.HttpClient READINESS = java.net.http.HttpClient.newHttpClient();

    /**
     * Starts the service (random ports for the API and the management, 3 partitions, an in-JVM registry) and waits
     * until it is ready (its readiness probe on the service port).
     *
     * @param name the application id; the instance id is derived from it (unless {@code more} sets one), so a restart
     *     takes its tasks back
     */
    static ConfigurableApplicationContext start(final String brokers, final String registryScope, final String name,
            final String stateDir, final String... more) {
        final List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.kafka.bootstrap-servers=" + brokers,
                "--chat-ticket.schema-registry-url=mock://" + registryScope,
                "--chat-ticket.topics.partitions=3",
                "--chat-ticket.streams.application-id=" + name,
                "--chat-ticket.streams.state-dir=" + stateDir));
        if (Stream.of(more).noneMatch(arg -> arg.startsWith("--chat-ticket.streams.instance-id="))) {
            args.add("--chat-ticket.streams.instance-id=" + name + "-instance");
        }
        args.addAll(List.of(more));
        final ConfigurableApplicationContext context = new SpringApplicationBuilder(ChatTicketApplication.class)
                .run(args.toArray(String[]::new));
        final java.net.URI readiness = java.net.URI.create("http://localhost:"
                + context.getEnvironment().getProperty("local.server.port") + "/readyz");
        await().atMost(Duration.ofSeconds(60)).until(() -> READINESS.send(java.net.http.HttpRequest.newBuilder(readiness)
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return context;
    }
}
