package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.oneview.chatticket.agent.AgentStatusProcessor;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.assignment.AssignmentProperties.OfflinePolicy;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.streams.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An agent moving between pools, with every order in which the partitions could deliver the events: agent-status to
 * the agent's task, the agent's task to each pool, and the pools' releases back to the agent's task. Each is a FIFO
 * (one partition), but nothing orders one against another. After every delivery, the tickets the agent holds in all
 * pools together must not exceed its capacity.
 */
class PoolMovesTest {

    private static final int CAPACITY = 2;
    private static final String AGENT_STATUS = "agent-status";
    private static final String RELEASES = "pool-releases";
    private static final Pools POOLS = new Pools(Map.of("vip", List.of("vip")));

    private final String registryScope = "pool-moves-" + UUID.randomUUID();

    @AfterEach
    void forgetRegistry() {
        SchemaRegistries.dropMockScope(registryScope);
    }

    @ParameterizedTest
    @EnumSource(OfflinePolicy.class)
    void anAgentMovingBetweenPoolsNeverHoldsMoreThanItsCapacityWhateverTheOrderOfDelivery(final OfflinePolicy policy) {
        // the agent serves 'en' in the default pool, moves to 'vip', then back to 'en'; both pools have tickets waiting
        final List<AgentStatusChanged> moves = List.of(agent(List.of("en"), 1), agent(List.of("vip"), 2),
                agent(List.of("en"), 3));
        final int[] schedules = {0};
        explore(policy, moves, new ArrayList<>(), schedules);
        assertThat(schedules[0]).as("delivery orders tried").isGreaterThanOrEqualTo(5);
    }

    @Test
    void anAgentsStatusReachesItsNewPoolOnlyOnceTheOldPoolHasReleasedIt() {
        final Run run = new Run(OfflinePolicy.KEEP);
        run.channel(AGENT_STATUS).add(new Record<>("ana", status(agent(List.of("en"), 1)), 1));
        run.channel(AGENT_STATUS).add(new Record<>("ana", status(agent(List.of("vip"), 2)), 2));
        run.deliver(AGENT_STATUS);
        run.deliver(AGENT_STATUS);

        assertThat(run.channel("vip")).as("nothing for the new pool yet").isEmpty();
        run.deliver(Pools.DEFAULT_POOL);  // joins
        run.deliver(Pools.DEFAULT_POOL);  // leaves, and releases
        run.deliver(RELEASES);

        assertThat(run.channel("vip")).hasSize(1);
        run.deliver("vip");
        assertThat(run.held("vip")).isEqualTo(CAPACITY);
        assertThat(run.held(Pools.DEFAULT_POOL)).isZero();
    }

    /** Runs every delivery order from scratch (the state of a run cannot be copied), checking after every step. */
    private void explore(final OfflinePolicy policy, final List<AgentStatusChanged> moves, final List<String> prefix,
            final int[] schedules) {
        final Run run = new Run(policy);
        moves.forEach(move -> run.channel(AGENT_STATUS).add(new Record<>("ana", status(move),
                move.getTime().toEpochMilli())));
        for (final String channel : prefix) {
            run.deliver(channel);
        }
        final List<String> next = run.nonEmptyChannels();
        if (next.isEmpty()) {
            schedules[0]++;
            assertThat(run.held(Pools.DEFAULT_POOL) + run.held("vip")).as("after %s", prefix).isEqualTo(CAPACITY);
            return;
        }
        for (final String channel : next) {
            final List<String> longer = new ArrayList<>(prefix);
            longer.add(channel);
            explore(policy, moves, longer, schedules);
        }
    }

    /** The agent's task (the real processor, over a real store) and two pools (the engine), joined by FIFO channels. */
    private final class Run {

        private final AssignmentProperties rules;
        private final Map<String, Deque<Record<String, PoolEvent>>> channels = new LinkedHashMap<>();
        private final Map<String, InMemoryPoolState> pools = Map.of(Pools.DEFAULT_POOL, new InMemoryPoolState(),
                "vip", new InMemoryPoolState());
        private final MockProcessorContext<String, PoolEvent> context;
        private final AgentStatusProcessor agents = new AgentStatusProcessor(POOLS);
        private final List<String> delivered = new ArrayList<>();

        Run(final OfflinePolicy policy) {
            rules = new AssignmentProperties(null, policy, Map.of("vip", List.of("vip"))).withArrivalWindow(Duration.ZERO);
            final Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "pool-moves");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
            context = new MockProcessorContext<>(config);
            final KeyValueStore<String, AgentView> views = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(AgentViews.STORE), Serdes.String(),
                    new Topics(TopologyHarness.TOPICS, Map.of("schema.registry.url", "mock://" + registryScope))
                            .<AgentView>avro()).withLoggingDisabled().build();
            views.init(context.getStateStoreContext(), views);
            context.addStateStore(views);
            agents.init(context);
            List.of(AGENT_STATUS, RELEASES, Pools.DEFAULT_POOL, "vip").forEach(name -> channels.put(name, new ArrayDeque<>()));
            for (int i = 0; i < CAPACITY; i++) {
                apply(Pools.DEFAULT_POOL, new PoolEvent(TopologyHarness.ticket("en-" + i, "en", 1, 0), null, null, false), 0);
                apply("vip", new PoolEvent(TopologyHarness.ticket("vip-" + i, "vip", 1, 0), null, null, false), 0);
            }
        }

        Deque<Record<String, PoolEvent>> channel(final String name) {
            return channels.get(name);
        }

        List<String> nonEmptyChannels() {
            return channels.entrySet().stream().filter(channel -> !channel.getValue().isEmpty())
                    .map(Map.Entry::getKey).toList();
        }

        void deliver(final String channel) {
            final Record<String, PoolEvent> record = channels.get(channel).removeFirst();
            delivered.add(channel);
            if (channel.equals(AGENT_STATUS) || channel.equals(RELEASES)) {
                agents.process(record);
                context.forwarded().forEach(sent -> channels.get(sent.record().key())
                        .add(new Record<>(sent.record().key(), sent.record().value(), sent.record().timestamp())));
                context.resetForwards();
            } else {
                apply(channel, record.value(), record.timestamp());
                // what AssignmentProcessor does once a leave is applied
                if (record.value().getLeavesPool()) {
                    channels.get(RELEASES).add(record.withKey(record.value().getAgentStatus().getAgentId()));
                }
            }
            final int held = held(Pools.DEFAULT_POOL) + held("vip");
            assertThat(held).as("tickets the agent holds in both pools after %s", delivered)
                    .isLessThanOrEqualTo(CAPACITY);
        }

        int held(final String pool) {
            final var agent = pools.get(pool).agent("ana");
            return agent == null ? 0 : agent.getTickets().size();
        }

        private void apply(final String pool, final PoolEvent event, final long at) {
            new AssignmentEngine(rules, pool, pools.get(pool), Instant.ofEpochMilli(at)).apply(event);
        }
    }

    private static PoolEvent status(final AgentStatusChanged change) {
        return new PoolEvent(null, null, change, false);
    }

    private static AgentStatusChanged agent(final List<String> queues, final long at) {
        return AgentStatusChanged.newBuilder().setAgentId("ana").setStatus(AgentStatus.ONLINE)
                .setTime(Instant.ofEpochMilli(at)).setStatusSince(Instant.ofEpochMilli(1)).setQueues(queues)
                .setCapacity(CAPACITY).build();
    }
}
