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
import java.util.UUID;
import java.time.Instant;
import net.oneview.chatticket.avro.ConfluentAvroSerializer;
import net.oneview.chatticket.decisions.DecisionHistory;
import net.oneview.chatticket.events.TicketCreated;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import net.oneview.chatticket.ChatTicketApplication;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Two instances of the service in one JVM share the partitions: every agent can be read from either instance, the
 * one not holding it asks the other through interactive-query metadata.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class TwoInstancesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<ConfigurableApplicationContext> INSTANCES = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances(final EmbeddedKafkaBroker broker) {
        for (final String name : List.of("first", "second")) {
            INSTANCES.add(new SpringApplicationBuilder(ChatTicketApplication.class).run(
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--chat-ticket.schema-registry-url=mock://two-instances",
                    "--chat-ticket.topics.partitions=3",
                    "--chat-ticket.agents.default-queues=english",
                    "--chat-ticket.streams.application-id=two-instances",
                    "--chat-ticket.streams.state-dir=target/streams-state/two-instances-" + name + "-" + UUID.randomUUID()));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> INSTANCES.stream().allMatch(instance -> {
            final KafkaStreams streams = instance.getBean(StreamsLifecycle.class).streams();
            return streams.state() == KafkaStreams.State.RUNNING && streams.metadataForAllStreamsClients().size() == 2;
        }));
    }

    @AfterAll
    static void stop() {
        INSTANCES.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void everyAgentIsReadFromEitherInstance() throws Exception {
        final List<String> agents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final String agent = UUID.randomUUID().toString();
            assertThat(call("PUT", 0, agent, "online").statusCode()).isEqualTo(200);
            agents.add(agent);
        }

        for (final String agent : agents) {
            for (int instance = 0; instance < 2; instance++) {
                final int which = instance;
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    final HttpResponse<String> tickets = call("GET", which, agent, "tickets");
                    assertThat(tickets.statusCode()).as("agent %s from instance %d: %s", agent, which, tickets.body())
                            .isEqualTo(200);
                    assertThat(tickets.body()).isEqualTo("[]");
                });
            }
        }
        final StreamsLifecycle first = INSTANCES.get(0).getBean(StreamsLifecycle.class);
        assertThat(agents).as("some agents live on the second instance, so the remote path was taken")
                .anyMatch(agent -> !first.streams().queryMetadataForKey(AgentViews.STORE, agent, new StringSerializer())
                        .activeHost().equals(first.self()));
    }

    @Test
    void everyTicketsDecisionsAreReadFromEitherInstance(final EmbeddedKafkaBroker broker) throws Exception {
        final List<String> tickets = new ArrayList<>();
        try (KafkaProducer<String, TicketCreated> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new ConfluentAvroSerializer<>(Map.of("schema.registry.url", "mock://two-instances"), false))) {
            for (int i = 0; i < 8; i++) {
                final String id = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>("ticket-created", id, TicketCreated.newBuilder().setId(id)
                        .setCreatedAt(Instant.now()).setQueue("nobody-serves-" + id).setChannel("chat")
                        .setContent("{}").setPriority(1).build())).get();
                tickets.add(id);
            }
        }
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));

        for (final String ticket : tickets) {
            final List<String> bodies = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                final int which = instance;
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    final HttpResponse<String> decisions = call("GET", which, "tickets", ticket + "/decisions", supervisor);
                    assertThat(decisions.statusCode()).as("ticket %s from instance %d: %s", ticket, which,
                            decisions.body()).isEqualTo(200);
                });
                bodies.add(call("GET", which, "tickets", ticket + "/decisions", supervisor).body());
            }
            assertThat(bodies.get(0)).contains("QUEUED").isEqualTo(bodies.get(1));
        }
        final StreamsLifecycle first = INSTANCES.get(0).getBean(StreamsLifecycle.class);
        assertThat(tickets).as("some tickets live on the second instance, so the remote path was taken")
                .anyMatch(ticket -> !first.streams().queryMetadataForKey(DecisionHistory.STORE, ticket,
                        new StringSerializer()).activeHost().equals(first.self()));
    }

    private static HttpResponse<String> call(final String method, final int instance, final String agent,
            final String resource) throws Exception {
        return call(method, instance, agent, resource, Tokens.forAgent(agent));
    }

    private static HttpResponse<String> call(final String method, final int instance, final String agent,
            final String resource, final String token) throws Exception {
        final String port = INSTANCES.get(instance).getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/" + agent + "/" + resource))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
