package net.oneview.chatticket.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.oneview.chatticket.assignment.AssignmentProperties;
import net.oneview.chatticket.assignment.DecisionObserver;
import net.oneview.chatticket.assignment.OfferProperties;
import net.oneview.chatticket.assignment.RoutingProperties;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.streams.TopicProperties;
import net.oneview.chatticket.streams.Topics;
import net.oneview.chatticket.topology.TopologyFactory;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.util.FileSystemUtils;

/**
 * Runs recorded events through the production topology in a TopologyTestDriver (no broker) under one set of rules.
 * The driver's wall clock follows the events' timestamps, so arrival windows behave as they did live and the same
 * events under the same rules always give the same decisions. Between two events it stops at each timer the pools
 * hold (a routing step that widens, the end of a wait for a preferred agent, a wrap-up's end): a timer fires at its due
 * time, as it does live, not at the next recorded event.
 */
final class ReplayRun {

    private static final TopicProperties TOPICS = new TopicProperties("ticket-created", "ticket-status",
            "agent-status", "ticket-assignments", "dead-letters", "pool-releases", "pool-handovers", 1,
            (short) 1);

    /**
     * The pools' timers, in due order. A key is the pool, {@link #SEP}, then the due time in epoch millis on
     * {@link #DUE_DIGITS} digits, then the timer's kind and id (the assignment package's {@code Ranks.timerKey}).
     */
    private static final String TIMERS_STORE = "pool-timers";
    private static final char SEP = '\u001f';
    private static final int DUE_DIGITS = 19;

    private ReplayRun() {
    }

    /** What went in (after any capacity override) and the decisions that came out. */
    record Outcome(List<RecordedEvent> inputs, List<TicketAssignment> decisions) {
    }

    /**
     * @param routing who may take a waiting ticket, and which agent takes it
     * @param agentCapacity when not null, every agent's capacity in the replay (a what-if on staffing)
     */
    static Outcome run(final List<RecordedEvent> events, final AssignmentProperties rules,
            final RoutingProperties routing, final Integer agentCapacity) {
        final String scope = "replay-" + UUID.randomUUID();
        final Path stateDir = tempDir();
        final Topics topics = new Topics(TOPICS, Map.of("schema.registry.url", "mock://" + scope));
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "chat-ticket-replay");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        final long start = events.isEmpty() ? 0 : events.get(0).timestamp();
        final List<RecordedEvent> inputs = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(TopologyFactory.build(topics, rules,
                OfferProperties.off(), routing, DecisionObserver.NONE), props,
                Instant.ofEpochMilli(start))) {
            final TestInputTopic<String, TicketCreated> created = driver.createInputTopic(TOPICS.ticketCreated(),
                    topics.ticketCreated.keySerde().serializer(), topics.ticketCreated.valueSerde().serializer());
            final TestInputTopic<String, TicketStatusChanged> statuses = driver.createInputTopic(TOPICS.ticketStatus(),
                    topics.ticketStatus.keySerde().serializer(), topics.ticketStatus.valueSerde().serializer());
            final TestInputTopic<String, AgentStatusChanged> agents = driver.createInputTopic(TOPICS.agentStatus(),
                    topics.agentStatus.keySerde().serializer(), topics.agentStatus.valueSerde().serializer());
            final TestOutputTopic<String, TicketAssignment> decisions = driver.createOutputTopic(
                    TOPICS.ticketAssignments(), topics.ticketAssignments.keySerde().deserializer(),
                    topics.ticketAssignments.valueSerde().deserializer());
            long wallClock = start;
            for (final RecordedEvent event : events) {
                wallClock = advance(driver, wallClock, event.timestamp());
                final RecordedEvent input = withCapacity(event, agentCapacity);
                inputs.add(input);
                switch (input.input()) {
                    case TICKET_CREATED -> created.pipeInput(input.key(), (TicketCreated) input.value(), input.timestamp());
                    case TICKET_STATUS -> statuses.pipeInput(input.key(), (TicketStatusChanged) input.value(),
                            input.timestamp());
                    case AGENT_STATUS -> agents.pipeInput(input.key(), (AgentStatusChanged) input.value(),
                            input.timestamp());
                }
            }
            // whatever is still held in an arrival window is decided before the replay ends
            advance(driver, wallClock, wallClock + rules.catchUpHold().multipliedBy(10).plus(rules.arrivalWindow())
                    .toMillis());
            return new Outcome(inputs, decisions.readValuesToList());
        } finally {
            SchemaRegistries.dropMockScope(scope);
            FileSystemUtils.deleteRecursively(stateDir.toFile());
        }
    }

    /**
     * Moves the driver's wall clock on to {@code to}, stopping at each timer due before it (a timer may set the next:
     * a step's widening sets the step after it); returns the new wall clock. A timer already due fires at the next
     * stop, as the task runs it at its next punctuation.
     */
    private static long advance(final TopologyTestDriver driver, final long from, final long to) {
        long wallClock = from;
        while (wallClock < to) {
            final long next = Math.min(to, nextTimer(driver, wallClock));
            driver.advanceWallClockTime(Duration.ofMillis(next - wallClock));
            wallClock = next;
        }
        return wallClock;
    }

    /** The due time of the pools' earliest timer due after {@code now}; MAX_VALUE when there is none. */
    private static long nextTimer(final TopologyTestDriver driver, final long now) {
        final KeyValueStore<String, String> timers = driver.getKeyValueStore(TIMERS_STORE);
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<String, String> all = timers.all()) {
            while (all.hasNext()) {
                final String key = all.next().key;
                final int at = key.indexOf(SEP) + 1;
                final long due = Long.parseLong(key.substring(at, at + DUE_DIGITS));
                if (due > now) {
                    next = Math.min(next, due);
                }
            }
        }
        return next;
    }

    private static RecordedEvent withCapacity(final RecordedEvent event, final Integer capacity) {
        if (capacity == null || !(event.value() instanceof AgentStatusChanged status)) {
            return event;
        }
        final AgentStatusChanged changed = AgentStatusChanged.newBuilder(status).setCapacity(capacity).build();
        return new RecordedEvent(event.input(), event.key(), event.timestamp(), changed);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("chat-ticket-replay");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
