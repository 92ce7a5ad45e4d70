package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.assignment.Pools;
import net.oneview.chatticket.query.InteractiveQueries;
import net.oneview.chatticket.streams.StreamsLifecycle;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Two instances with a standby copy of each other's stores. When one stops without leaving the group (a crash, as
 * static membership sees it, until the session times out), the other still answers for the agents the stopped one
 * held: from its standby copy, saying so in a header, with the same body as before.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class StandbyReadsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int AGENTS = 12;

    @Test
    void readsForAnInstanceThatIsGoneAreAnsweredFromTheStandbyCopy(final EmbeddedKafkaBroker broker)
            throws Exception {
        final List<ConfigurableApplicationContext> instances = new ArrayList<>();
        try {
            for (final String name : List.of("stays", "goes")) {
                instances.add(Services.start(broker.getBrokersAsString(), "standby-reads", "standby-reads",
                        "target/streams-state/standby-reads-" + name + "-" + UUID.randomUUID(),
                        "--chat-ticket.streams.instance-id=standby-reads-" + name,
                        "--chat-ticket.streams.standby-replicas=1", "--chat-ticket.agents.default-queues=english",
                        // the instance that goes is gone as after a crash: it does not leave, and the group names it
                        // for the whole check
                        "--chat-ticket.streams.leave-group-on-stop=false",
                        "--chat-ticket.streams.config.session.timeout.ms=60000"));
            }
            final ConfigurableApplicationContext stays = instances.get(0);
            final ConfigurableApplicationContext goes = instances.get(1);
            await().atMost(Duration.ofSeconds(90)).until(() -> running(stays) && running(goes)
                    && holders(stays).containsValue(self(goes)) && holders(stays).containsValue(self(stays)));

            final Map<String, String> before = new HashMap<>();
            for (int i = 0; i < AGENTS; i++) {
                final String agent = UUID.randomUUID().toString();
                assertThat(call(stays, "PUT", agent, "online").statusCode()).isEqualTo(200);
                before.put(agent, call(stays, "GET", agent, "tickets").body());
            }
            final Map<String, HostInfo> held = holders(stays, before.keySet());
            assertThat(held).as("agents held by the instance that goes").containsValue(self(goes));

            final HostInfo gone = self(goes);
            // the agents' tickets are read from their pool's records: the pool's partition is read from a copy too
            final boolean poolGone = stays.getBean(StreamsLifecycle.class).streams().queryMetadataForKey(
                    AssignmentProcessor.AGENTS_STORE, Pools.DEFAULT_POOL, new StringSerializer()).activeHost()
                    .equals(gone);
            goes.close();  // no LeaveGroup: the group still names it until its session ends

            for (final Map.Entry<String, String> agent : before.entrySet()) {
                final boolean fromStandby = held.get(agent.getKey()).equals(gone) || poolGone;
                // a standby copy may be a commit behind: the same answer comes within moments, never another one
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    final HttpResponse<String> answer = call(stays, "GET", agent.getKey(), "tickets");
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    assertThat(answer.body()).isEqualTo(agent.getValue());
                    assertThat(answer.headers().firstValue(InteractiveQueries.STANDBY_LAG_HEADER).isPresent())
                            .as("agent or its pool held by the instance that went: answered from a standby copy")
                            .isEqualTo(fromStandby);
                });
            }
        } finally {
            instances.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static boolean running(final ConfigurableApplicationContext instance) {
        final KafkaStreams streams = instance.getBean(StreamsLifecycle.class).streams();
        return streams != null && streams.state() == KafkaStreams.State.RUNNING;
    }

    private static HostInfo self(final ConfigurableApplicationContext instance) {
        return instance.getBean(StreamsLifecycle.class).self();
    }

    /** Which instance holds the active copy of each partition of the agents' store, as the first one sees it. */
    private static Map<Integer, HostInfo> holders(final ConfigurableApplicationContext instance) {
        final Map<Integer, HostInfo> holders = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            final var where = instance.getBean(StreamsLifecycle.class).streams()
                    .queryMetadataForKey(AgentViews.STORE, UUID.randomUUID().toString(), new StringSerializer());
            holders.put(where.partition(), where.activeHost());
        }
        return holders;
    }

    private static Map<String, HostInfo> holders(final ConfigurableApplicationContext instance,
            final Iterable<String> agents) {
        final Map<String, HostInfo> holders = new HashMap<>();
        for (final String agent : agents) {
            holders.put(agent, instance.getBean(StreamsLifecycle.class).streams()
                    .queryMetadataForKey(AgentViews.STORE, agent, new StringSerializer()).activeHost());
        }
        return holders;
    }

    private static HttpResponse<String> call(final ConfigurableApplicationContext instance, final String method,
            final String agent, final String action) throws Exception {
        final String port = instance.getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/" + agent + "/" + action))
                .header("Authorization", "Bearer " + Tokens.forAgent(agent)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
