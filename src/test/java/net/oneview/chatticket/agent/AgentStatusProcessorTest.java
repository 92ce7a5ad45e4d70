package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.oneview.chatticket.assignment.PoolEvents;
import net.oneview.chatticket.assignment.Pools;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.streams.TopicProperties;
import net.oneview.chatticket.streams.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's levels and capacity per channel go with each status the agent's task sends on: to its pool, to a new
 * pool once the old one released it (the task's stored copy, not the status the agent sent), and on a status a pool
 * set. The store is a real one, through the Avro serde.
 */
class AgentStatusProcessorTest {

    private static final Map<String, Integer> LEVELS = Map.of("en", 5, "vip", 2);
    private static final Map<String, Integer> CHANNELS = Map.of("chat", 3, "email", 5);

    private final String registryScope = "agent-status-" + UUID.randomUUID();
    private MockProcessorContext<String, PoolEvent> context;
    private KeyValueStore<String, AgentView> views;
    private AgentStatusProcessor processor;

    @BeforeEach
    void start() {
        final Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "agent-status-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        context = new MockProcessorContext<>(config);
        context.setCurrentSystemTimeMs(1_700_000_000_000L);
        final TopicProperties topics = new TopicProperties("ticket-created", "ticket-status", "agent-status",
                "ticket-assignments", "dead-letters", "pool-releases", "pool-handovers", 1,
                (short) 1);
        views = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AgentViews.STORE), Serdes.String(),
                new Topics(topics, Map.of("schema.registry.url", "mock://" + registryScope)).<AgentView>avro())
                .withLoggingDisabled().build();
        views.init(context.getStateStoreContext(), views);
        context.addStateStore(views);
        processor = new AgentStatusProcessor(new Pools(Map.of("vip", List.of("vip"))));
        processor.init(context);
    }

    @AfterEach
    void forgetRegistry() {
        SchemaRegistries.dropMockScope(registryScope);
    }

    @Test
    void theStoreKeepsTheLevelsAndChannelsAndThePoolGetsThem() {
        processor.process(new Record<>("ana", PoolEvents.agent(status(List.of("en"), Map.of("en", 4), 1), List.of()),
                1));

        assertThat(views.get("ana").getQueueLevels()).containsOnly(entry("en", 4));
        assertThat(views.get("ana").getChannelCapacity()).containsOnly(entry("chat", 3), entry("email", 5));
        final AgentStatusChanged sent = onlyForwarded(Pools.DEFAULT_POOL).getAgentStatus();
        assertThat(sent.getQueueLevels()).containsOnly(entry("en", 4));
        assertThat(sent.getChannelCapacity()).containsOnly(entry("chat", 3), entry("email", 5));
    }

    @Test
    void theNewPoolGetsThemOnceTheOldPoolReleasedTheAgent() {
        processor.process(new Record<>("ana", PoolEvents.agent(status(List.of("en"), Map.of("en", 1), 1), List.of()),
                1));
        context.resetForwards();
        processor.process(new Record<>("ana", PoolEvents.agent(status(List.of("vip"), LEVELS, 2), List.of()), 2));
        assertThat(onlyForwarded(Pools.DEFAULT_POOL).getLeavesPool()).isTrue();
        context.resetForwards();

        processor.process(new Record<>("ana", PoolEvent.newBuilder().setFromPool(Pools.DEFAULT_POOL)
                .setLeavesPool(true).setAgentStatus(status(List.of("en"), Map.of(), 1)).build(), 3));

        final AgentStatusChanged sent = onlyForwarded("vip").getAgentStatus();
        assertThat(sent.getQueues()).containsExactly("vip");
        assertThat(sent.getQueueLevels()).isEqualTo(LEVELS);
        assertThat(sent.getChannelCapacity()).isEqualTo(CHANNELS);
    }

    @Test
    void aStatusThePoolSetIsPublishedWithThem() {
        processor.process(new Record<>("ana", PoolEvents.agent(status(List.of("en"), LEVELS, 1), List.of()), 1));
        context.resetForwards();
        final AgentStatusChanged away = AgentStatusChanged.newBuilder(status(List.of("en"), Map.of(), 5))
                .setStatus(AgentStatus.AWAY).setReason("let 1 offer expire").build();

        processor.process(new Record<>("ana", PoolEvent.newBuilder().setAgentStatus(away)
                .setFromPool(Pools.DEFAULT_POOL).setStatusFromPool(true).setStatusVersion(1).build(), 5));

        final AgentStatusChanged published = onlyForwarded("ana").getAgentStatus();
        assertThat(published.getStatus()).isEqualTo(AgentStatus.AWAY);
        assertThat(published.getQueueLevels()).isEqualTo(LEVELS);
        assertThat(published.getChannelCapacity()).isEqualTo(CHANNELS);
        assertThat(published.getCapacity()).isEqualTo(8);
    }

    @Test
    void whoWaitsForTheAgentIsToldOnceTheStoreShowsTheStatus() {
        final List<String> told = new ArrayList<>();
        final AgentStatusProcessor observed = new AgentStatusProcessor(new Pools(Map.of()), new AgentObserver() {
            @Override
            public void counted(final String agentId, final String part, final long count) {
                told.add("count " + count);
            }

            @Override
            public void statusChanged(final String agentId) {
                told.add(agentId + " " + views.get(agentId).getStatus() + " at "
                        + views.get(agentId).getUpdatedAt().toEpochMilli());
            }
        });
        observed.init(context);

        observed.process(new Record<>("ana", PoolEvents.agent(status(List.of("en"), Map.of(), 7), List.of()), 7));
        observed.process(new Record<>("ana", PoolEvents.agent(AgentStatusChanged.newBuilder(
                status(List.of("en"), Map.of(), 9)).setStatus(AgentStatus.OFFLINE).build(), List.of()), 9));

        assertThat(told).containsExactly("ana ONLINE at 7", "ana OFFLINE at 9");
    }

    private PoolEvent onlyForwarded(final String key) {
        assertThat(context.forwarded()).singleElement()
                .satisfies(sent -> assertThat(sent.record().key()).isEqualTo(key));
        return context.forwarded().get(0).record().value();
    }

    private static AgentStatusChanged status(final List<String> queues, final Map<String, Integer> levels,
            final long at) {
        return AgentStatusChanged.newBuilder().setAgentId("ana").setStatus(AgentStatus.ONLINE)
                .setTime(Instant.ofEpochMilli(at)).setStatusSince(Instant.ofEpochMilli(1)).setQueues(queues)
                .setQueueLevels(levels).setCapacity(8).setChannelCapacity(CHANNELS).build();
    }
}
