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
import org.springframework.util.FileSystemUtils;

/**
 * Runs recorded events through the production topology in a TopologyTestDriver (no broker) under one set of rules.
 * The driver's wall clock follows the events' timestamps, so arrival windows behave as they did live and the same
 * events under the same rules always give the same decisions.
 */
final class ReplayRun {

    private static final TopicProperties TOPICS = new TopicProperties("ticket-created", "ticket-status",
            "agent-status", "ticket-assignments", "dead-letters", "pool-releases", "pool-handovers", "agent-tickets", 1,
            (short) 1);

    private ReplayRun() {
    }

    /** What went in (after any capacity override) and the decisions that came out. */
    record Outcome(List<RecordedEvent> inputs, List<TicketAssignment> decisions) {
    }

    /**
     * @param agentCapacity when not null, every agent's capacity in the replay (a what-if on staffing)
     */
    static Outcome run(final List<RecordedEvent> events, final AssignmentProperties rules, final Integer agentCapacity) {
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
        try (TopologyTestDriver driver = new TopologyTestDriver(TopologyFactory.build(topics, rules), props,
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
                if (event.timestamp() > wallClock) {
                    driver.advanceWallClockTime(Duration.ofMillis(event.timestamp() - wallClock));
                    wallClock = event.timestamp();
                }
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
            driver.advanceWallClockTime(rules.catchUpHold().multipliedBy(10).plus(rules.arrivalWindow()));
            return new Outcome(inputs, decisions.readValuesToList());
        } finally {
            SchemaRegistries.dropMockScope(scope);
            FileSystemUtils.deleteRecursively(stateDir.toFile());
        }
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
