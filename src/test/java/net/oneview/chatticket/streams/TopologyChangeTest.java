package net.oneview.chatticket.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A static member that comes back within its session with a topology that has a new store: without rejoining as a
 * new member, the group does not rebalance, nobody creates the new store's changelog, and the client never runs.
 */
@EmbeddedKafka
class TopologyChangeTest {

    private static final String GROUP = "topology-change";
    private static final String INSTANCE = "topology-change-1";

    @TempDir
    Path stateDir;

    @Test
    void aChangedTopologyRunsAfterARestartWithinTheSession(final EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            admin.createTopics(java.util.List.of(new NewTopic("topology-change-in", 2, (short) 1))).all().get();
        }
        start(broker, topology(false));  // runs, then stops without leaving the group: its session goes on

        final Topology withAStore = topology(true);
        assertThat(TopologyChange.fingerprint(withAStore)).isNotEqualTo(TopologyChange.fingerprint(topology(false)));
        start(broker, withAStore);

        assertThat(Files.readString(stateDir.resolve(GROUP).resolve("topology.fingerprint")).trim())
                .isEqualTo(TopologyChange.fingerprint(withAStore));
    }

    /** Starts the client as the service does (after {@link TopologyChange}), waits until it runs, closes it. */
    private void start(final EmbeddedKafkaBroker broker, final Topology topology) {
        TopologyChange.rejoinIfChanged(topology, stateDir.resolve(GROUP), broker.getBrokersAsString(), GROUP,
                INSTANCE, 1);
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, GROUP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), INSTANCE);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 45_000);
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(10)).leaveGroup(false));
        }
    }

    private static Topology topology(final boolean withStore) {
        final StreamsBuilder builder = new StreamsBuilder();
        final var input = builder.stream("topology-change-in", Consumed.with(Serdes.String(), Serdes.String()));
        if (withStore) {
            input.groupByKey().count(Named.as("counted"), Materialized.as("counts"));
        } else {
            input.foreach((key, value) -> { }, Named.as("read"));
        }
        return builder.build();
    }
}
