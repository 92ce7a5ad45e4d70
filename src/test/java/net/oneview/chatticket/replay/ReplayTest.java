package net.oneview.chatticket.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.replay.RecordedEvent.Input;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixed scenarios replayed under two rule sets: the figures differ as the rules say (aging, capacity), and the same
 * traffic goes to other agents after other waits under other routing (steps, skill levels, overflow, agent order).
 */
class ReplayTest {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
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

    /**
     * Two agents of queue en, capacity 2 each: a junior (level 1) online first, then a senior (level 5). Tickets a, b,
     * c of en a minute apart, then d of id, a queue nobody serves; all closed at 08:10.
     */
    private static List<RecordedEvent> skillsScenario() {
        final List<RecordedEvent> events = new ArrayList<>();
        events.add(agentOnline("junior", START, Map.of("en", 1), 2));
        events.add(agentOnline("senior", START + SECOND, Map.of("en", 5), 2));
        events.add(ticket("a", "en", 1, START + MINUTE));
        events.add(ticket("b", "en", 1, START + 2 * MINUTE));
        events.add(ticket("c", "en", 1, START + 3 * MINUTE));
        events.add(ticket("d", "id", 1, START + 4 * MINUTE));
        for (final String ticket : List.of("a", "b", "c", "d")) {
            events.add(closed(ticket, START + 10 * MINUTE));
        }
        return events;
    }

    /** Today's routing: every agent of the queue, most free slots first. */
    private static Replay.Rules everyAgentMostFree() {
        return Replay.Rules.load("most-free", new Properties());
    }

    /**
     * en's tickets go to level 4 and up, and after 20 s to everyone; id's go to en's agents too after 30 s; the best
     * level first.
     */
    private static Replay.Rules stepsBestLevel() {
        final Properties rules = new Properties();
        rules.setProperty("chat-ticket.routing.agent-order", "best-level");
        rules.setProperty("chat-ticket.routing.queues.en.steps[0].min-level", "4");
        rules.setProperty("chat-ticket.routing.queues.en.steps[1].after", "20s");
        rules.setProperty("chat-ticket.routing.queues.en.steps[1].min-level", "1");
        rules.setProperty("chat-ticket.routing.queues.id.steps[0].after", "0s");
        rules.setProperty("chat-ticket.routing.queues.id.steps[1].after", "30s");
        rules.setProperty("chat-ticket.routing.queues.id.steps[1].also-queues", "en");
        return Replay.Rules.load("steps", rules);
    }

    @Test
    void theSameTrafficUnderStepsAndTheBestLevelFirstGoesToOtherAgentsAfterOtherWaits() {
        final List<RecordedEvent> events = skillsScenario();
        final Properties bestLevel = new Properties();
        bestLevel.setProperty("chat-ticket.routing.agent-order", "best-level");

        final ReplayRun.Outcome mostFree = outcome(events, everyAgentMostFree());
        final ReplayRun.Outcome best = outcome(events, Replay.Rules.load("best-level", bestLevel));
        final ReplayRun.Outcome steps = outcome(events, stepsBestLevel());

        // most free first: the junior (longer idle) takes a, the senior b (more free slots), the junior c (idle longer)
        assertThat(assignedTo(mostFree)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "junior", "b", "senior",
                "c", "junior"));
        assertThat(assignedAt(mostFree)).containsExactlyInAnyOrderEntriesOf(Map.of("a", START + MINUTE,
                "b", START + 2 * MINUTE, "c", START + 3 * MINUTE));
        // best level first: the senior until it is full
        assertThat(assignedTo(best)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "senior", "b", "senior",
                "c", "junior"));
        assertThat(assignedAt(best)).containsEntry("c", START + 3 * MINUTE);
        // with steps, c waits 20 s for a level-4 agent before the junior may take it; d, which nobody took before,
        // goes to an en agent (the junior, with a free slot) through the overflow step after 30 s
        assertThat(assignedTo(steps)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "senior", "b", "senior",
                "c", "junior", "d", "junior"));
        assertThat(assignedAt(steps)).containsEntry("c", START + 3 * MINUTE + 20 * SECOND)
                .containsEntry("d", START + 4 * MINUTE + 30 * SECOND);

        final ReplayFigures before = ReplayFigures.of(mostFree);
        final ReplayFigures after = ReplayFigures.of(steps);
        assertThat(before.groups().get("queue en").waitPercentile(100)).isZero();
        assertThat(after.groups().get("queue en").waitPercentile(100)).isEqualTo(20 * SECOND);
        assertThat(before.groups().get("queue id").unassigned()).isEqualTo(1);
        assertThat(after.groups().get("queue id").waitPercentile(100)).isEqualTo(30 * SECOND);
        assertThat(before.groups().get("all").overflowed()).isZero();
        assertThat(after.groups().get("all").overflowed()).isEqualTo(1);
        assertThat(after.groups().get("queue id").overflowed()).isEqualTo(1);
    }

    @Test
    void theReportNamesTheRoutingOfEachSideAndCountsTheTicketsThatOverflowed() {
        final List<RecordedEvent> events = skillsScenario();

        final String report = Replay.compare(events, everyAgentMostFree(), stepsBestLevel());

        assertThat(report).contains("agent-order=most-free", "agent-order=best-level",
                "en=[0ms L4, 20s L1]", "id=[0ms L1, 30s L1+en]", "overflowed");
        assertThat(report.lines().filter(line -> line.startsWith("queue id")).findFirst().orElseThrow())
                .contains("1 -> 0", "0 -> 1");  // unassigned, then overflowed
    }

    private static ReplayRun.Outcome outcome(final List<RecordedEvent> events, final Replay.Rules rules) {
        return ReplayRun.run(events, rules.assignment(), rules.routing(), rules.agentCapacity());
    }

    /** Each ticket's first agent. */
    private static Map<String, String> assignedTo(final ReplayRun.Outcome outcome) {
        final Map<String, String> agents = new HashMap<>();
        outcome.decisions().stream().filter(decision -> decision.getDecision() == Decision.ASSIGNED)
                .forEach(decision -> agents.putIfAbsent(decision.getTicketId(), decision.getAgentId()));
        return agents;
    }

    /** When each ticket first got an agent (epoch millis). */
    private static Map<String, Long> assignedAt(final ReplayRun.Outcome outcome) {
        final Map<String, Long> times = new HashMap<>();
        outcome.decisions().stream().filter(decision -> decision.getDecision() == Decision.ASSIGNED)
                .forEach(decision -> times.putIfAbsent(decision.getTicketId(), decision.getTime().toEpochMilli()));
        return times;
    }

    private static RecordedEvent ticket(final String id, final int priority, final long at) {
        return ticket(id, "en", priority, at);
    }

    private static RecordedEvent ticket(final String id, final String queue, final int priority, final long at) {
        return new RecordedEvent(Input.TICKET_CREATED, id, at, TicketCreated.newBuilder().setId(id)
                .setCreatedAt(Instant.ofEpochMilli(at)).setQueue(queue).setChannel("chat").setContent("{}")
                .setPriority(priority).build());
    }

    private static RecordedEvent closed(final String ticket, final long at) {
        return new RecordedEvent(Input.TICKET_STATUS, ticket, at, TicketStatusChanged.newBuilder().setTicketId(ticket)
                .setStatus(TicketStatus.CLOSED).setTime(Instant.ofEpochMilli(at)).build());
    }

    private static RecordedEvent agentOnline(final String agent, final long at) {
        return agentOnline(agent, at, Map.of(), 1);
    }

    private static RecordedEvent agentOnline(final String agent, final long at, final Map<String, Integer> levels,
            final int capacity) {
        return new RecordedEvent(Input.AGENT_STATUS, agent, at, AgentStatusChanged.newBuilder().setAgentId(agent)
                .setName(agent).setStatus(AgentStatus.ONLINE).setTime(Instant.ofEpochMilli(at))
                .setStatusSince(Instant.ofEpochMilli(at)).setQueues(List.of("en")).setQueueLevels(levels)
                .setCapacity(capacity).build());
    }
}
