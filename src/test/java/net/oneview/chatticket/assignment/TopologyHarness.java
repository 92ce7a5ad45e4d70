package net.oneview.chatticket.assignment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.oneview.chatticket.agent.AgentStatusProcessor;
import net.oneview.chatticket.agent.AgentViews;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.state.AssignedTicket;
import net.oneview.chatticket.state.AgentReady;
import net.oneview.chatticket.state.OfferReply;
import net.oneview.chatticket.state.PoolEvent;
import net.oneview.chatticket.state.TicketRoute;
import net.oneview.chatticket.streams.DeadLetterHeaders;
import net.oneview.chatticket.streams.TopicProperties;
import net.oneview.chatticket.streams.Topics;
import net.oneview.chatticket.topology.TopologyFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology in a TopologyTestDriver, with helpers that read like the domain. After each input the wall
 * clock moves on far enough for held arrivals to be decided, as if events came one by one; inputs given inside
 * {@link #burst} arrive together instead, and are decided together once the burst is over.
 */
final class TopologyHarness implements AutoCloseable {

    static final TopicProperties TOPICS = new TopicProperties("ticket-created", "ticket-status", "agent-status",
            "ticket-assignments", "dead-letters", "pool-releases", "pool-handovers", 3, (short) 1);

    private static final String APPLICATION_ID = "chat-ticket-assignment-test";

    private final String registryScope;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, TicketCreated> created;
    private final TestInputTopic<String, TicketStatusChanged> statuses;
    private final TestInputTopic<String, AgentStatusChanged> agents;
    private final TestOutputTopic<String, TicketAssignment> decisions;
    private final TestOutputTopic<String, AgentStatusChanged> published;
    private final TestInputTopic<String, PoolEvent> handovers;
    private final TestInputTopic<String, PoolEvent> releases;
    private final TestInputTopic<String, PoolEvent> poolTicketEvents;
    private final TestOutputTopic<String, PoolEvent> routed;
    private final TestInputTopic<String, PoolEvent> poolAgentEvents;
    private final TestOutputTopic<String, TicketAssignment> byAgent;
    private boolean inBurst;

    TopologyHarness(final AssignmentProperties rules, final Path stateDir) {
        this(rules, stateDir, "topology-" + UUID.randomUUID());
    }

    TopologyHarness(final AssignmentProperties rules, final Path stateDir, final String registryScope) {
        this(rules, OfferProperties.off(), stateDir, registryScope);
    }

    TopologyHarness(final AssignmentProperties rules, final OfferProperties offers, final Path stateDir,
            final String registryScope) {
        this.registryScope = registryScope;
        final Topics topics = new Topics(TOPICS, Map.of("schema.registry.url", "mock://" + registryScope));
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        driver = new TopologyTestDriver(TopologyFactory.build(topics, rules, offers,
                DecisionObserver.NONE), props, Instant.EPOCH);
        created = driver.createInputTopic(TOPICS.ticketCreated(), topics.ticketCreated.keySerde().serializer(),
                topics.ticketCreated.valueSerde().serializer());
        statuses = driver.createInputTopic(TOPICS.ticketStatus(), topics.ticketStatus.keySerde().serializer(),
                topics.ticketStatus.valueSerde().serializer());
        agents = driver.createInputTopic(TOPICS.agentStatus(), topics.agentStatus.keySerde().serializer(),
                topics.agentStatus.valueSerde().serializer());
        final Serde<PoolEvent> poolEvents = topics.avro();
        poolTicketEvents = driver.createInputTopic(internal(TopologyFactory.POOL_TICKET_EVENTS_TOPIC),
                Serdes.String().serializer(), poolEvents.serializer());
        routed = driver.createOutputTopic(internal(TopologyFactory.POOL_TICKET_EVENTS_TOPIC),
                Serdes.String().deserializer(), poolEvents.deserializer());
        poolAgentEvents = driver.createInputTopic(internal(TopologyFactory.POOL_AGENT_EVENTS_TOPIC),
                Serdes.String().serializer(), poolEvents.serializer());
        byAgent = driver.createOutputTopic(internal(TopologyFactory.ASSIGNMENTS_BY_AGENT_TOPIC),
                Serdes.String().deserializer(), topics.<TicketAssignment>avro().deserializer());
        decisions = driver.createOutputTopic(TOPICS.ticketAssignments(),
                topics.ticketAssignments.keySerde().deserializer(), topics.ticketAssignments.valueSerde().deserializer());
        published = driver.createOutputTopic(TOPICS.agentStatus(), topics.agentStatus.keySerde().deserializer(),
                topics.agentStatus.valueSerde().deserializer());
        handovers = driver.createInputTopic(TOPICS.poolHandovers(), topics.poolHandovers.keySerde().serializer(),
                topics.poolHandovers.valueSerde().serializer());
        releases = driver.createInputTopic(TOPICS.poolReleases(), topics.poolReleases.keySerde().serializer(),
                topics.poolReleases.valueSerde().serializer());
    }

    /** The agent's answer to an offer as the HTTP API publishes it: on pool-releases, key = agent id. */
    void answered(final String agent, final String ticket, final boolean accepted, final long at) {
        settled(() -> releases.pipeInput(agent, PoolEvents.offerReply(new OfferReply(
                agent, ticket, accepted, null, Instant.ofEpochMilli(at))), at));
    }

    /** The agent ends its wrap-ups (POST ready), as the HTTP API publishes it: on pool-releases, key = agent id. */
    void ready(final String agent, final long at) {
        settled(() -> releases.pipeInput(agent, PoolEvents.ready(new AgentReady(agent, Instant.ofEpochMilli(at))), at));
    }

    /** What a pool sends back to the agent's task on pool-releases (key = agent id). */
    void fromPool(final String agent, final PoolEvent event, final long at) {
        settled(() -> releases.pipeInput(agent, event, at));
    }

    /** PUT offline?after=current-tickets: online, finishing its tickets. */
    void finishing(final String agent, final List<String> queues, final int capacity, final long at) {
        final AgentStatusChanged event = agentEvent(agent, AgentStatus.ONLINE, queues, capacity, at);
        event.setNextStatus(AgentStatus.OFFLINE);
        settled(() -> agents.pipeInput(agent, event, at));
    }

    /**
     * The records on agent-status since the last call, as the service wrote them (statuses a pool set), with the pool
     * that set each, from the header; the harness's own inputs are left out.
     */
    List<TestRecord<String, AgentStatusChanged>> statusesSetByPools() {
        return published.readRecordsToList().stream()
                .filter(record -> record.headers().lastHeader(AgentStatusProcessor.SET_BY_HEADER) != null).toList();
    }

    /** The latest step of each offer made to the agent, as its task keeps them. */
    List<TicketAssignment> offers(final String agent) {
        return AgentViews.offers(driver.getKeyValueStore(AgentViews.OFFERS_STORE), agent);
    }

    private static String internal(final String repartition) {
        return APPLICATION_ID + "-" + repartition + "-repartition";
    }

    /**
     * An event read at the pool's input, as the router or the agent's task sends it, or, {@code replayed}, as
     * {@code make replay-dead-letters} sends a letter its pool could not apply.
     */
    void atPool(final String pool, final PoolEvent event, final long at, final boolean replayed) {
        final RecordHeaders headers = new RecordHeaders();
        if (replayed) {
            headers.add(DeadLetterHeaders.REPLAYED, "1".getBytes(StandardCharsets.UTF_8));
        }
        final TestRecord<String, PoolEvent> record = new TestRecord<>(pool, event, headers, Instant.ofEpochMilli(at));
        settled(() -> (event.getAgentStatus() != null ? poolAgentEvents : poolTicketEvents).pipeInput(record));
    }

    static AssignmentProperties rules() {
        return AssignmentProperties.defaults();
    }

    /** The inputs given in {@code inputs} arrive at the same wall-clock time; afterwards the pool drains them. */
    void burst(final Runnable inputs) {
        inBurst = true;
        try {
            inputs.run();
        } finally {
            inBurst = false;
        }
        settle();
    }

    /** The inputs given in {@code inputs} arrive now, and the wall clock stays where it is. */
    void arriving(final Runnable inputs) {
        inBurst = true;
        try {
            inputs.run();
        } finally {
            inBurst = false;
        }
    }

    /** Moves the wall clock on by {@code time}: a punctuation that is due runs once. */
    void advance(final Duration time) {
        driver.advanceWallClockTime(time);
    }

    /** Moves the wall clock past any hold of arrivals, so the held ones are decided. */
    void settle() {
        driver.advanceWallClockTime(Duration.ofMinutes(1));
    }

    private void settled(final Runnable input) {
        input.run();
        if (!inBurst) {
            settle();
        }
    }

    String scope() {
        return registryScope;
    }

    void online(final String agent, final List<String> queues, final int capacity, final long at) {
        settled(() -> agents.pipeInput(agent, agentEvent(agent, AgentStatus.ONLINE, queues, capacity, at), at));
    }

    void offline(final String agent, final List<String> queues, final int capacity, final long at) {
        settled(() -> agents.pipeInput(agent, agentEvent(agent, AgentStatus.OFFLINE, queues, capacity, at), at));
    }

    /** A status sent back by {@code make replay-dead-letters}, arriving at {@code arrives}. */
    void replayedOffline(final String agent, final List<String> queues, final int capacity, final long at,
            final long arrives) {
        final TestRecord<String, AgentStatusChanged> record = new TestRecord<>(agent,
                agentEvent(agent, AgentStatus.OFFLINE, queues, capacity, at), new RecordHeaders()
                        .add(DeadLetterHeaders.REPLAYED, "1".getBytes(StandardCharsets.UTF_8)),
                Instant.ofEpochMilli(arrives));
        settled(() -> agents.pipeInput(record));
    }

    void created(final String ticket, final String queue, final int priority, final long createdAt) {
        created(ticket(ticket, queue, priority, createdAt), createdAt);
    }

    void created(final TicketCreated ticket, final long at) {
        settled(() -> created.pipeInput(ticket.getId(), ticket, at));
    }

    void status(final String ticket, final TicketStatus status, final long at) {
        settled(() -> statuses.pipeInput(ticket, TicketStatusChanged.newBuilder().setTicketId(ticket).setStatus(status)
                .setStatusReason("changed by workflow").setTime(Instant.ofEpochMilli(at)).build(), at));
    }

    /** What a pool sent back to the router (key = ticket id), as on pool-handovers. */
    void handedBack(final String ticket, final PoolEvent event, final long at) {
        settled(() -> handovers.pipeInput(ticket, event, at));
    }

    /** A ticket an instance with other pools routed to this pool, past the router of this topology. */
    void routedTo(final String pool, final TicketCreated ticket, final long at) {
        settled(() -> poolTicketEvents.pipeInput(pool, PoolEvents.created(ticket, null), at));
    }

    /** What the router sent to the pools since the last call, as "pool: ticket id status-or-created" lines. */
    List<String> routedLines() {
        return routed.readRecordsToList().stream().map(record -> record.key() + ": " + (record.value()
                .getTicketCreated() != null ? record.value().getTicketCreated().getId() + " created"
                : record.value().getTicketStatus().getTicketId() + " " + record.value().getTicketStatus().getStatus()))
                .toList();
    }

    /** Decisions written since the last call, in order. */
    List<TicketAssignment> decisions() {
        return decisions.readValuesToList();
    }

    /** The decisions the pools re-keyed by agent for the agents' tasks since the last call. */
    List<TicketAssignment> reKeyedByAgent() {
        return byAgent.readValuesToList();
    }

    /** Decisions since the last call as "DECISION ticket agent" lines. */
    List<String> decisionLines() {
        return decisions().stream()
                .map(d -> d.getDecision() + " " + d.getTicketId() + (d.getAgentId() == null ? "" : " " + d.getAgentId()))
                .toList();
    }

    /** The agent's ticket ids as the GET endpoint reads them from its pools (in the order they were assigned). */
    List<String> ticketsOf(final String agent) {
        final AgentView view = agentView(agent);
        return view == null ? List.of() : view.getTickets().stream().map(t -> t.getTicket().getId()).toList();
    }

    /** A status for a ticket not created yet, stored in its route as versions before 'early-statuses' did. */
    void keepEarlyStatusInRoute(final String ticket, final TicketStatus status, final long at) {
        final KeyValueStore<String, TicketRoute> store = driver.getKeyValueStore(TicketRouter.ROUTES_STORE);
        store.put(ticket, new TicketRoute(null, TicketStatusChanged.newBuilder().setTicketId(ticket).setStatus(status)
                .setStatusReason("changed by workflow").setTime(java.time.Instant.ofEpochMilli(at)).build()));
    }

    /** Whether the router keeps the ticket in its store of closed tickets (rather than knowing it from decisions). */
    boolean keptAsClosed(final String ticket) {
        final WindowStore<String, String> store = driver.getWindowStore(TicketRouter.CLOSED_STORE);
        try (WindowStoreIterator<String> entries = store.fetch(ticket, 0L, Long.MAX_VALUE)) {
            return entries.hasNext();
        }
    }

    /** The latest status kept for a ticket the router has seen no decision of, or null. */
    TicketStatusChanged earlyStatus(final String ticket) {
        final WindowStore<String, TicketStatusChanged> store = driver.getWindowStore(TicketRouter.EARLY_STORE);
        TicketStatusChanged latest = null;
        try (WindowStoreIterator<TicketStatusChanged> entries = store.fetch(ticket, 0L, Long.MAX_VALUE)) {
            while (entries.hasNext()) {
                latest = entries.next().value;
            }
        }
        return latest;
    }

    TicketRoute route(final String ticket) {
        final KeyValueStore<String, TicketRoute> store = driver.getKeyValueStore(TicketRouter.ROUTES_STORE);
        return store.get(ticket);
    }

    /** Writes the agent's tickets into its own entry of the agents store too, where versions before 'agent-tickets' kept them. */
    void copyTicketsIntoAgentEntry(final String agent) {
        final KeyValueStore<String, AgentView> views = driver.getKeyValueStore(AgentViews.STORE);
        final AgentView view = views.get(agent);
        view.setTickets(agentView(agent).getTickets());
        views.put(agent, view);
    }

    /** The agent as GET reads it: status, tickets (from its pools) and offers. */
    AgentView agentView(final String agent) {
        return AgentViews.read(driver.getKeyValueStore(AgentViews.STORE), driver.getKeyValueStore(AgentViews.OFFERS_STORE),
                driver.getKeyValueStore(AssignmentProcessor.AGENTS_STORE),
                driver.getKeyValueStore(AssignmentProcessor.TICKETS_STORE), agent);
    }

    AssignedTicket heldTicket(final String agent, final String ticket) {
        return agentView(agent).getTickets().stream().filter(t -> t.getTicket().getId().equals(ticket)).findFirst()
                .orElseThrow();
    }

    /** Waiting ticket ids of the default pool, most urgent first. */
    List<String> waiting() {
        final KeyValueStore<String, String> store = driver.getKeyValueStore(AssignmentProcessor.WAITING_STORE);
        final String prefix = Pools.DEFAULT_POOL + Ranks.SEP + Ranks.ANY_QUEUE + Ranks.SEP;
        try (KeyValueIterator<String, String> entries = store.prefixScan(prefix,
                new org.apache.kafka.common.serialization.StringSerializer())) {
            final java.util.ArrayList<String> ids = new java.util.ArrayList<>();
            entries.forEachRemaining((KeyValue<String, String> entry) -> ids.add(entry.value));
            return ids;
        }
    }

    static TicketCreated ticket(final String id, final String queue, final int priority, final long createdAt) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.ofEpochMilli(createdAt)).setQueue(queue)
                .setChannel("chat").setContent("{\"text\":\"help\"}").setPriority(priority).build();
    }

    static AgentStatusChanged agentEvent(final String agent, final AgentStatus status,
            final List<String> queues, final int capacity, final long at) {
        return AgentStatusChanged.newBuilder().setAgentId(agent).setName("name of " + agent).setStatus(status)
                .setTime(Instant.ofEpochMilli(at)).setStatusSince(Instant.ofEpochMilli(at)).setQueues(queues)
                .setCapacity(capacity).build();
    }

    @Override
    public void close() {
        driver.close();
    }

    void forgetRegistry() {
        SchemaRegistries.dropMockScope(registryScope);
    }
}
