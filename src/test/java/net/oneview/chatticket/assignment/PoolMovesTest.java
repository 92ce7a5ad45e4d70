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
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
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
 * the agent's task, the agent's task to each pool, the pools' releases back to the agent's task, and the router's
 * events to a pool. Each is a FIFO (one partition), but nothing orders one against another. After every delivery, the
 * tickets the agent holds in all pools together must not exceed its capacity; once all is delivered, the agent's pool
 * counts exactly the tickets it holds.
 */
class PoolMovesTest {

    private static final int CAPACITY = 2;
    private static final String AGENT_STATUS = "agent-status";
    private static final String RELEASES = "pool-releases";
    private static final String ROUTER = "router";
    private static final Pools POOLS = new Pools(Map.of("vip", List.of("vip")));

    private final String registryScope = "pool-moves-" + UUID.randomUUID();

    @AfterEach
    void forgetRegistry() {
        SchemaRegistries.dropMockScope(registryScope);
    }

    @ParameterizedTest
    @EnumSource(OfflinePolicy.class)
    void anAgentMovingBetweenPoolsNeverHoldsMoreThanItsCapacityWhateverTheOrderOfDelivery(final OfflinePolicy policy) {
        final int[] schedules = {0};
        explore(policy, false, new ArrayList<>(), schedules);
        assertThat(schedules[0]).as("delivery orders tried").isGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(OfflinePolicy.class)
    void aTicketClosedWhileItsAgentMovesFreesItsCapacityWhereverTheAgentIs(final OfflinePolicy policy) {
        final int[] schedules = {0};
        explore(policy, true, new ArrayList<>(), schedules);
        assertThat(schedules[0]).as("delivery orders tried").isGreaterThanOrEqualTo(20);
    }

    @Test
    void anAgentsStatusReachesItsNewPoolOnlyOnceTheOldPoolHasReleasedItWithTheTicketsItKeepsThere() {
        final Run run = new Run(OfflinePolicy.KEEP, false);
        run.channel(AGENT_STATUS).add(new Record<>("ana", status(agent(List.of("en"), 1)), 1));
        run.channel(AGENT_STATUS).add(new Record<>("ana", status(agent(List.of("vip"), 2)), 2));
        run.deliver(AGENT_STATUS);
        run.deliver(AGENT_STATUS);

        assertThat(run.channel("vip")).as("nothing for the new pool yet").isEmpty();
        run.deliver(Pools.DEFAULT_POOL);  // joins, takes two tickets
        run.deliver(Pools.DEFAULT_POOL);  // leaves, keeps them, and releases
        run.deliver(RELEASES);

        assertThat(run.channel("vip")).hasSize(1);
        run.deliver("vip");
        assertThat(run.held(Pools.DEFAULT_POOL)).isEqualTo(CAPACITY);
        assertThat(run.held("vip")).isZero();
        assertThat(run.pools.get("vip").agent("ana").getTicketsElsewhere()).containsExactly("en-0", "en-1");
    }

    @Test
    void anAgentWhoseQueueTheConfigurationMovedGoesToTheQueuesNewPoolWhenItsTaskStarts() {
        final Run run = new Run(OfflinePolicy.KEEP, false, new Pools(Map.of()));  // one pool for every queue
        run.channel(AGENT_STATUS).add(new Record<>("ana", status(agent(List.of("vip"), 1)), 1));
        run.deliver(AGENT_STATUS);
        run.deliver(Pools.DEFAULT_POOL);
        assertThat(run.pools.get(Pools.DEFAULT_POOL).agent("ana").getOnline()).isTrue();

        run.startAgentTask(POOLS);  // the configuration gives vip a pool of its own

        assertThat(run.channel(Pools.DEFAULT_POOL)).singleElement()
                .satisfies(leave -> assertThat(leave.value().getLeavesPool()).isTrue());
        run.deliver(Pools.DEFAULT_POOL);
        run.deliver(RELEASES);
        run.deliver("vip");
        assertThat(run.held("vip")).isEqualTo(CAPACITY);
        assertThat(run.pools.get(Pools.DEFAULT_POOL).agent("ana").getOnline()).isFalse();
    }

    /**
     * Runs every delivery order from scratch (the state of a run cannot be copied), checking after every step. The
     * agent serves 'en' in the default pool, moves to 'vip', then back to 'en'; both pools have tickets waiting.
     *
     * @param closeOne the router also closes the first 'en' ticket (held by the agent, or still waiting)
     */
    private void explore(final OfflinePolicy policy, final boolean closeOne, final List<String> prefix,
            final int[] schedules) {
        final Run run = new Run(policy, closeOne);
        List.of(agent(List.of("en"), 1), agent(List.of("vip"), 2), agent(List.of("en"), 3)).forEach(move ->
                run.channel(AGENT_STATUS).add(new Record<>("ana", status(move), move.getTime().toEpochMilli())));
        for (final String channel : prefix) {
            run.deliver(channel);
        }
        final List<String> next = run.nonEmptyChannels();
        if (next.isEmpty()) {
            schedules[0]++;
            final int held = run.held(Pools.DEFAULT_POOL) + run.held("vip");
            if (!closeOne) {
                assertThat(held).as("after %s", prefix).isEqualTo(CAPACITY);
            }
            final var agent = run.pools.get(Pools.DEFAULT_POOL).agent("ana");
            assertThat(agent.getTickets().size() + agent.getTicketsElsewhere().size())
                    .as("what the agent's pool counts after %s", prefix).isEqualTo(held);
            return;
        }
        for (final String channel : next) {
            final List<String> longer = new ArrayList<>(prefix);
            longer.add(channel);
            explore(policy, closeOne, longer, schedules);
        }
    }

    /** The agent's task (the real processor, over a real store) and two pools (the engine), joined by FIFO channels. */
    private final class Run {

        private final AssignmentProperties rules;
        private final Map<String, Deque<Record<String, PoolEvent>>> channels = new LinkedHashMap<>();
        private final Map<String, InMemoryPoolState> pools = Map.of(Pools.DEFAULT_POOL, new InMemoryPoolState(),
                "vip", new InMemoryPoolState());
        private final MockProcessorContext<String, PoolEvent> context;
        private AgentStatusProcessor agents;
        private final List<String> delivered = new ArrayList<>();

        Run(final OfflinePolicy policy, final boolean closeOne) {
            this(policy, closeOne, POOLS);
        }

        /** @param agentPools the pools as the agents' task knows them */
        Run(final OfflinePolicy policy, final boolean closeOne, final Pools agentPools) {
            rules = new AssignmentProperties(null, policy, Map.of("vip", List.of("vip"))).withArrivalWindow(Duration.ZERO);
            final Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "pool-moves");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
            context = new MockProcessorContext<>(config);
            context.setCurrentSystemTimeMs(1_700_000_000_000L);
            final KeyValueStore<String, AgentView> views = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(AgentViews.STORE), Serdes.String(),
                    new Topics(TopologyHarness.TOPICS, Map.of("schema.registry.url", "mock://" + registryScope))
                            .<AgentView>avro()).withLoggingDisabled().build();
            views.init(context.getStateStoreContext(), views);
            context.addStateStore(views);
            agents = new AgentStatusProcessor(agentPools);
            agents.init(context);
            List.of(AGENT_STATUS, RELEASES, ROUTER, Pools.DEFAULT_POOL, "vip")
                    .forEach(name -> channels.put(name, new ArrayDeque<>()));
            for (int i = 0; i < CAPACITY; i++) {
                apply(Pools.DEFAULT_POOL, PoolEvents.created(TopologyHarness.ticket("en-" + i, "en", 1, 0), null), 0);
                apply("vip", PoolEvents.created(TopologyHarness.ticket("vip-" + i, "vip", 1, 0), null), 0);
            }
            if (closeOne) {
                channel(ROUTER).add(new Record<>(Pools.DEFAULT_POOL, PoolEvents.statusChanged(TicketStatusChanged
                        .newBuilder().setTicketId("en-0").setStatus(TicketStatus.CLOSED).setTime(Instant.EPOCH)
                        .build()), 4));
            }
        }

        Deque<Record<String, PoolEvent>> channel(final String name) {
            return channels.get(name);
        }

        /** The agents' task starts again (on the same store) with other pools, and runs its start-up punctuation. */
        void startAgentTask(final Pools agentPools) {
            agents = new AgentStatusProcessor(agentPools);
            context.resetForwards();
            final int before = context.scheduledPunctuators().size();
            agents.init(context);
            context.scheduledPunctuators().get(before).getPunctuator().punctuate(10);
            sendOn();
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
                sendOn();
            } else {
                final String pool = channel.equals(ROUTER) ? record.key() : channel;
                apply(pool, record.value(), record.timestamp()).releases().forEach(release -> channels.get(RELEASES)
                        .add(new Record<>(release.getAgentStatus().getAgentId(), release, record.timestamp())));
            }
            final int held = held(Pools.DEFAULT_POOL) + held("vip");
            assertThat(held).as("tickets the agent holds in both pools after %s", delivered)
                    .isLessThanOrEqualTo(CAPACITY);
        }

        /** What the agents' task sent, to the pools' channels. */
        private void sendOn() {
            context.forwarded().forEach(sent -> channels.get(sent.record().key())
                    .add(new Record<>(sent.record().key(), sent.record().value(), sent.record().timestamp())));
            context.resetForwards();
        }

        int held(final String pool) {
            final var agent = pools.get(pool).agent("ana");
            return agent == null ? 0 : agent.getTickets().size();
        }

        private AssignmentEngine apply(final String pool, final PoolEvent event, final long at) {
            final AssignmentEngine engine = new AssignmentEngine(rules, pool, pools.get(pool),
                    Instant.ofEpochMilli(at));
            engine.apply(event);
            return engine;
        }
    }

    private static PoolEvent status(final AgentStatusChanged change) {
        return PoolEvents.agent(change, List.of());
    }

    private static AgentStatusChanged agent(final List<String> queues, final long at) {
        return AgentStatusChanged.newBuilder().setAgentId("ana").setStatus(AgentStatus.ONLINE)
                .setTime(Instant.ofEpochMilli(at)).setStatusSince(Instant.ofEpochMilli(1)).setQueues(queues)
                .setCapacity(CAPACITY).build();
    }
}
