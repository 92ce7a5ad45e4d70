package net.oneview.chatticket.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.replay.RecordedEvent.Input;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fixed scenario replayed from an export file under two rule sets: the figures differ as the rules say. */
class ReplayTest {

    private static final long MINUTE = 60_000;
    private static final long START = Instant.parse("2026-11-29T08:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    /**
     * A priority-5 ticket, then a priority-1 ticket every minute for 40 minutes, and a new agent (capacity 1) every
     * minute half a minute later: each agent takes the most urgent waiting ticket.
     */
    private static List<RecordedEvent> scenario() {
        final List<RecordedEvent> events = new ArrayList<>();
        events.add(ticket("minor", 5, START));
        for (int minute = 1; minute <= 40; minute++) {
            events.add(ticket("urgent-" + minute, 1, START + minute * MINUTE));
            events.add(agentOnline("agent-" + minute, START + minute * MINUTE + MINUTE / 2));
        }
        return events;
    }

    @Test
    void agingEndsTheStarvationOfALowPriorityTicket() {
        final Path export = dir.resolve("export.jsonl");
        RecordedEvent.write(export, scenario());
        final List<RecordedEvent> events = RecordedEvent.read(export);
        assertThat(events).hasSize(81);

        final Replay.Rules strict = Replay.Rules.load("strict", new Properties());
        final Properties agingRules = new Properties();
        agingRules.setProperty("chat-ticket.assignment.aging-step", "5m");
        final Replay.Rules aging = Replay.Rules.load("aging", agingRules);

        final ReplayFigures.Group before = Replay.run(events, strict).groups().get("priority 5");
        final ReplayFigures.Group after = Replay.run(events, aging).groups().get("priority 5");

        assertThat(before.unassigned()).as("without aging the priority-5 ticket never gets an agent").isEqualTo(1);
        assertThat(before.longestStarvation()).isGreaterThanOrEqualTo(40 * MINUTE);
        assertThat(after.unassigned()).isZero();
        // it ranks with a fresh priority 1 after 20 minutes: the agent of minute 20 or 21 takes it
        assertThat(after.waitPercentile(100)).isBetween(20 * MINUTE, 22 * MINUTE);

        final String report = Replay.compare(events, strict, aging);
        assertThat(report).contains("aging-step=off", "aging-step=5m00s", "priority 5", "priority 1", "queue en");
    }

    @Test
    void moreCapacityShortensTheWaitsAndLowersUtilisation() {
        final List<RecordedEvent> events = scenario();
        final Properties doubled = new Properties();
        doubled.setProperty(Replay.CAPACITY_KEY, "2");

        final ReplayFigures one = Replay.run(events, Replay.Rules.load("one", new Properties()));
        final ReplayFigures two = Replay.run(events, Replay.Rules.load("two", doubled));

        assertThat(two.groups().get("all").unassigned()).isLessThan(one.groups().get("all").unassigned());
        assertThat(one.utilisation()).isGreaterThan(two.utilisation());
    }

    private static RecordedEvent ticket(final String id, final int priority, final long at) {
        return new RecordedEvent(Input.TICKET_CREATED, id, at, TicketCreated.newBuilder().setId(id)
                .setCreatedAt(Instant.ofEpochMilli(at)).setQueue("en").setChannel("chat").setContent("{}")
                .setPriority(priority).build());
    }

    private static RecordedEvent agentOnline(final String agent, final long at) {
        return new RecordedEvent(Input.AGENT_STATUS, agent, at, AgentStatusChanged.newBuilder().setAgentId(agent)
                .setName(agent).setStatus(AgentStatus.ONLINE).setTime(Instant.ofEpochMilli(at))
                .setStatusSince(Instant.ofEpochMilli(at)).setQueues(List.of("en")).setCapacity(1).build());
    }
}
