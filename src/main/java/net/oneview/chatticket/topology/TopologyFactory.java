package net.oneview.chatticket.topology;

import net.oneview.chatticket.streams.InputCheck;
import net.oneview.chatticket.streams.Topics;
import java.time.Duration;
import java.util.List;
import net.oneview.chatticket.agent.AgentStatusProcessor;
import net.oneview.chatticket.agent.AgentOffersProcessor;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.agent.AgentObserver;
import net.oneview.chatticket.assignment.AssignmentProcessor;
import net.oneview.chatticket.assignment.OfferProperties;
import net.oneview.chatticket.assignment.AssignmentProperties;
import net.oneview.chatticket.assignment.RoutingProperties;
import net.oneview.chatticket.assignment.DecisionObserver;
import net.oneview.chatticket.assignment.PoolEvents;
import net.oneview.chatticket.assignment.PoolOutput;
import net.oneview.chatticket.assignment.Pools;
import net.oneview.chatticket.assignment.TicketRouter;
import net.oneview.chatticket.decisions.DecisionStore;
import net.oneview.chatticket.decisions.DecisionHistoryProcessor;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the topology, the same for the service and for TopologyTestDriver tests. Three sub-topologies:
 * <ol>
 *   <li>by ticket id: ticket-created and ticket-status go through the {@link TicketRouter} to their pool, and so
 *       do the waiting tickets a pool hands back on pool-handovers when their queue moved to another pool;
 *       ticket-assignments is read back into each ticket's decision history, which tells the router the pool of
 *       each ticket and which tickets were closed;</li>
 *   <li>by agent id: agent-status fills the store 'agents' and goes to the agent's pool (once the pool it left, if
 *       any, has released it on pool-releases; agents' answers to offers and the ends of wrap-ups come on
 *       pool-releases too, from the HTTP API, and go on to the agent's pool; statuses a pool set come back on
 *       pool-releases and are published on agent-status); the decisions about offers, re-keyed by agent, fill the
 *       store 'agent-offers' of the same task (so agent-status and the re-keyed decisions must have the same number
 *       of partitions), and each change counts a new version of the agent's list in 'agents', whose changelog the
 *       live streams follow;</li>
 *   <li>by pool: the {@link AssignmentProcessor} decides and writes ticket-assignments (and pool-releases,
 *       pool-handovers); its records of agents and tickets are what the agents' lists are read from, and each
 *       change of a list counts a new version of it in the agent's record, whose changelog the live streams follow
 *       too.</li>
 * </ol>
 * Every processor, store and internal topic is named.
 */
public final class TopologyFactory {

    public static final String POOL_TICKET_EVENTS_TOPIC = "pool-ticket-events";
    public static final String POOL_AGENT_EVENTS_TOPIC = "pool-agent-events";
    public static final String ASSIGNMENTS_BY_AGENT_TOPIC = "assignments-by-agent";
    private static final String ROUTER = "ticket-router";

    private TopologyFactory() {
    }

    /** The topology without observers: offline (replay, TopologyTestDriver). */
    public static Topology build(final Topics topics, final AssignmentProperties rules) {
        return build(topics, rules, DecisionObserver.NONE);
    }

    /** @param observer told of every decision the pools' tasks send on (metrics) */
    public static Topology build(final Topics topics, final AssignmentProperties rules,
            final DecisionObserver observer) {
        return build(topics, rules, OfferProperties.off(), observer);
    }

    /** @param offers whether tickets are offered before they are assigned, and for how long */
    public static Topology build(final Topics topics, final AssignmentProperties rules, final OfferProperties offers,
            final DecisionObserver observer) {
        return build(topics, rules, offers, RoutingProperties.defaults(), observer);
    }

    /**
     * @param routing who may take a waiting ticket, and which agent takes it
     * @throws IllegalArgumentException when a routing step names an overflow queue of another pool
     */
    public static Topology build(final Topics topics, final AssignmentProperties rules, final OfferProperties offers,
            final RoutingProperties routing, final DecisionObserver observer) {
        return build(topics, rules, offers, routing, observer, AgentObserver.NONE);
    }

    /** @param agents told of each change of an agent (of its list: the live streams; any: requests waiting here) */
    public static Topology build(final Topics topics, final AssignmentProperties rules, final OfferProperties offers,
            final RoutingProperties routing, final DecisionObserver observer, final AgentObserver agents) {
        final Pools pools = new Pools(rules.pools());
        routing.requireOverflowInPools(pools);
        final DecisionStore kept = new DecisionStore(topics);
        final StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(store(TicketRouter.ROUTES_STORE, topics.avro()));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(TicketRouter.CLOSED_STORE,
                rules.closedTicketRetention(), Duration.ofMillis(1), false), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(TicketRouter.EARLY_STORE,
                rules.closedTicketRetention(), Duration.ofMillis(1), false), Serdes.String(), topics.avro()));
        builder.addStateStore(store(AgentViews.STORE, topics.avro()));
        builder.addStateStore(store(AgentViews.OFFERS_STORE, topics.avro()));
        AssignmentProcessor.storeBuilders(topics.avro()).forEach(builder::addStateStore);

        final KStream<String, PoolEvent> created = builder
                .stream(topics.ticketCreated.name(), topics.ticketCreated.consumed())
                .mapValues((id, ticket) -> PoolEvents.created(
                        InputCheck.keyedById(id, ticket, TicketCreated::getId, "ticket id"), null),
                        Named.as("ticket-created-to-pool-event"));
        final KStream<String, PoolEvent> statusChanged = builder
                .stream(topics.ticketStatus.name(), topics.ticketStatus.consumed())
                .mapValues((id, change) -> PoolEvents.statusChanged(
                        InputCheck.keyedById(id, change, TicketStatusChanged::getTicketId, "ticket id")),
                        Named.as("ticket-status-to-pool-event"));
        // The router also reads what pools hand back (waiting tickets of queues moved to another pool): a loop, like
        // the releases below.
        final KStream<String, PoolEvent> routedTickets = created
                .merge(statusChanged, Named.as("ticket-events"))
                .merge(builder.stream(topics.poolHandovers.name(), topics.poolHandovers.consumed()),
                        Named.as("ticket-events-and-handovers"))
                .process(() -> new TicketRouter(pools, rules.maxTicketChars(), kept, rules.closedTicketRetention()),
                        Named.as(ROUTER),
                        TicketRouter.ROUTES_STORE, TicketRouter.CLOSED_STORE, TicketRouter.EARLY_STORE);
        // An agent's task also reads the releases of the pools its agents left: the topic closes a loop (agent task,
        // old pool, agent task, new pool) that a repartition topic cannot, as the DSL builds forward only.
        final KStream<String, PoolEvent> agentTaskOutput = builder
                .stream(topics.agentStatus.name(), topics.agentStatus.consumed())
                .mapValues(change -> PoolEvents.agent(change, List.of()), Named.as("agent-status-to-pool-event"))
                .merge(builder.stream(topics.poolReleases.name(), topics.poolReleases.consumed()), Named.as("agent-events"))
                .process(() -> new AgentStatusProcessor(pools, agents), Named.as("agent-status-processor"),
                        AgentViews.STORE);
        // Statuses a pool set (away, offline after the last ticket) are published on agent-status (a loop: the task
        // skips them when it reads them back); everything else goes to the pools.
        agentTaskOutput
                .filter((agentId, event) -> event.getStatusFromPool(), Named.as("statuses-set-by-pools"))
                .mapValues(PoolEvent::getAgentStatus, Named.as("published-statuses"))
                .to(topics.agentStatus.name(), topics.agentStatus.produced());
        final KStream<String, PoolEvent> routedAgents = agentTaskOutput
                .filter((pool, event) -> !event.getStatusFromPool(), Named.as("agent-events-for-pools"));

        // Each side gets its own repartition topic, so tickets (by ticket id) and agents (by agent id) stay separate
        // sub-topologies; the pool task merges them.
        final KStream<String, PoolOutput> poolOutput = toPools(routedTickets, POOL_TICKET_EVENTS_TOPIC, topics)
                .merge(toPools(routedAgents, POOL_AGENT_EVENTS_TOPIC, topics), Named.as("pool-events"))
                .process(() -> new AssignmentProcessor(rules, offers, routing, withLists(observer, agents)),
                        Named.as("assignment-processor"), AssignmentProcessor.STORES);
        poolOutput
                .filter((agentId, output) -> output.release() != null, Named.as("pool-releases"))
                .mapValues(PoolOutput::release, Named.as("released-agents"))
                .to(topics.poolReleases.name(), topics.poolReleases.produced());
        poolOutput
                .filter((ticketId, output) -> output.handover() != null, Named.as("pool-handovers"))
                .mapValues(PoolOutput::handover, Named.as("handed-over-tickets"))
                .to(topics.poolHandovers.name(), topics.poolHandovers.produced());
        final KStream<String, TicketAssignment> decisions = poolOutput
                .filter((ticketId, output) -> output.decision() != null, Named.as("pool-decisions"))
                .mapValues(PoolOutput::decision, Named.as("decisions"));
        decisions.to(topics.ticketAssignments.name(), topics.ticketAssignments.produced());

        decisions
                .filter((ticketId, decision) -> AgentOffersProcessor.aboutOffers(decision, offers),
                        Named.as("decisions-about-offers"))
                .selectKey((ticketId, decision) -> decision.getAgentId(), Named.as("decisions-by-agent"))
                .repartition(Repartitioned.<String, TicketAssignment>as(ASSIGNMENTS_BY_AGENT_TOPIC)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.avro())
                        .withNumberOfPartitions(topics.partitions()))
                .process(() -> new AgentOffersProcessor(AgentOffersProcessor.ENDED_OFFER_RETENTION, agents),
                        Named.as("agent-offers-processor"), AgentViews.STORE, AgentViews.OFFERS_STORE);

        final Topology topology = builder.build();
        // Decisions as written (read_committed, partitioned by ticket id), kept per ticket for supervisors, in a store
        // restored from ticket-assignments itself: the DSL has no such store, the Processor API adds it.
        topology.addReadOnlyStateStore(kept.builder(), topics.ticketAssignments.name() + "-source",
                Serdes.String().deserializer(), topics.ticketAssignments.valueSerde().deserializer(),
                topics.ticketAssignments.name(), "decision-history",
                () -> new DecisionHistoryProcessor(kept, rules.decisionRetention()));
        // The router reads them too: they name the pool of each ticket, and which tickets were closed (so
        // ticket-assignments is read in the router's tasks, and must have as many partitions as ticket-created).
        topology.connectProcessorAndStateStores(ROUTER, DecisionStore.NAME);
        return topology;
    }

    /** The decisions' observer, with the changes of agents' lists that the pools count told to {@code agents}. */
    private static DecisionObserver withLists(final DecisionObserver observer, final AgentObserver agents) {
        return new DecisionObserver() {
            @Override
            public void decided(final String pool, final TicketAssignment decision, final long eventTime) {
                observer.decided(pool, decision, eventTime);
            }

            @Override
            public void listChanged(final String pool, final String agentId, final long count) {
                agents.counted(agentId, pool, count);
            }
        };
    }

    private static KStream<String, PoolEvent> toPools(final KStream<String, PoolEvent> events, final String topic,
            final Topics topics) {
        return events.repartition(Repartitioned.<String, PoolEvent>as(topic)
                .withKeySerde(Serdes.String()).withValueSerde(topics.avro())
                .withNumberOfPartitions(topics.partitions()));
    }

    private static <V> StoreBuilder<?> store(final String name, final Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }
}
