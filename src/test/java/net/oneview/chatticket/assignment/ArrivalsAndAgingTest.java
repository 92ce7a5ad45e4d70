package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.oneview.chatticket.events.AgentCandidate;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.DecisionExplanation;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tickets arriving together compete by urgency; waiting raises urgency; every decision explains itself. */
class ArrivalsAndAgingTest {

    private static final List<String> EN = List.of("en");
    private static final long MINUTE = 60_000;

    @TempDir
    Path stateDir;

    private TopologyHarness topology;

    private TopologyHarness start(final AssignmentProperties rules) {
        topology = new TopologyHarness(rules, stateDir);
        return topology;
    }

    @AfterEach
    void close() {
        if (topology != null) {
            topology.close();
            topology.forgetRegistry();
        }
    }

    @Test
    void ticketsArrivingTogetherGetTheFreeCapacityInOrderOfUrgency() {
        final TopologyHarness t = start(TopologyHarness.rules());
        t.online("ana", EN, 3, 1);
        t.online("budi", EN, 3, 2);
        t.online("citra", EN, 3, 3);

        // 30 tickets, priorities 5 down to 1, the most urgent last
        final List<int[]> tickets = IntStream.range(0, 30).mapToObj(i -> new int[] {i, 5 - i / 6}).toList();
        t.burst(() -> tickets.forEach(ticket -> t.created("t" + ticket[0], "en", ticket[1], 100 + ticket[0])));

        final List<TicketAssignment> decisions = t.decisions();
        final List<String> assigned = ids(decisions, Decision.ASSIGNED);
        final List<String> mostUrgent = tickets.stream()
                .sorted(Comparator.<int[]>comparingInt(ticket -> ticket[1]).thenComparingInt(ticket -> ticket[0]))
                .limit(9).map(ticket -> "t" + ticket[0]).toList();
        assertThat(assigned).containsExactlyElementsOf(mostUrgent);
        assertThat(ids(decisions, Decision.QUEUED)).hasSize(21).doesNotContainAnyElementsOf(mostUrgent);
        assertThat(t.ticketsOf("ana").size() + t.ticketsOf("budi").size() + t.ticketsOf("citra").size()).isEqualTo(9);
    }

    @Test
    void aBurstThatReachesAFreshPoolInPiecesCompetesWhole() {
        final TopologyHarness t = start(TopologyHarness.rules());
        t.online("ana", EN, 2, 1);

        // a cold pipeline delivers one burst in pieces 400 ms apart: more than the window, less than the quiet hold
        t.arriving(() -> t.created("minor", "en", 5, 100));
        t.advance(Duration.ofMillis(400));
        t.arriving(() -> t.created("urgent", "en", 1, 101));
        t.advance(Duration.ofMillis(400));
        t.arriving(() -> t.created("urgent-too", "en", 1, 102));
        t.advance(Duration.ofMillis(400));
        assertThat(t.decisionLines()).as("nothing decided while pieces keep coming").isEmpty();
        t.settle();

        assertThat(t.decisionLines()).containsExactlyInAnyOrder("ASSIGNED urgent ana", "ASSIGNED urgent-too ana",
                "QUEUED minor");
    }

    @Test
    void afterItsFirstDrainAPoolDecidesOneWindowAfterAnArrivalWhateverTheRecordsTimestamps() {
        final TopologyHarness t = start(TopologyHarness.rules());
        t.online("ana", EN, 5, 1);
        t.created("first", "en", 3, 10);
        assertThat(t.decisionLines()).containsExactly("ASSIGNED first ana");

        // stamped with a business time an hour before the wall clock (or by a producer whose clock is behind)
        t.arriving(() -> t.created("stamped-long-ago", "en", 3, 20));
        final AssignmentProperties rules = TopologyHarness.rules();
        t.advance(rules.arrivalWindow().dividedBy(2));  // the look halfway through the window
        t.advance(Duration.ofMillis(100));  // nothing read since: decided

        assertThat(t.decisionLines()).containsExactly("ASSIGNED stamped-long-ago ana");
    }

    @Test
    void aLargeHeldBacklogIsDecidedInBoundedDrainsMostUrgentFirst() {
        final TopologyHarness t = start(TopologyHarness.rules().withDrainLimit(10));
        t.online("ana", EN, 100, 1);

        // 25 tickets, priorities 5 down to 1 (5 each), the most urgent last
        t.arriving(() -> IntStream.range(0, 25).forEach(i -> t.created("t" + i, "en", 5 - i / 5, 100 + i)));
        t.advance(Duration.ofSeconds(5));
        final List<TicketAssignment> first = t.decisions();
        t.advance(ArrivalClock.tick(TopologyHarness.rules()));
        final List<TicketAssignment> second = t.decisions();
        t.advance(ArrivalClock.tick(TopologyHarness.rules()));
        final List<TicketAssignment> third = t.decisions();

        assertThat(first).extracting(decision -> decision.getTicket().getPriority()).hasSize(10).allMatch(p -> p < 3);
        assertThat(second).extracting(decision -> decision.getTicket().getPriority()).hasSize(10)
                .allMatch(p -> p == 3 || p == 4);
        assertThat(third).extracting(decision -> decision.getTicket().getPriority()).hasSize(5).allMatch(p -> p == 5);
        assertThat(t.ticketsOf("ana")).hasSize(25);
    }

    @Test
    void withoutAnArrivalWindowEachTicketIsDecidedAsItComes() {
        final TopologyHarness t = start(TopologyHarness.rules().withArrivalWindow(Duration.ZERO));
        t.online("ana", EN, 1, 1);

        t.burst(() -> {
            t.created("late-but-minor", "en", 5, 10);
            t.created("urgent", "en", 1, 11);
        });

        assertThat(t.decisionLines()).containsExactly("ASSIGNED late-but-minor ana", "QUEUED urgent");
    }

    @Test
    void aTicketNoFreeAgentCouldTakeIsQueuedAtOnceNotHeld() {
        final TopologyHarness t = start(TopologyHarness.rules());
        t.online("ana", EN, 1, 1);
        t.online("budi", List.of("en-vip"), 1, 2);

        t.burst(() -> t.created("other-queue", "id", 1, 10));

        assertThat(t.decisionLines()).containsExactly("QUEUED other-queue");
    }

    @Test
    void aTicketClosedWhileHeldIsNeverAssigned() {
        final TopologyHarness t = start(TopologyHarness.rules());
        t.online("ana", EN, 1, 1);

        t.burst(() -> {
            t.created("t1", "en", 1, 10);
            t.status("t1", TicketStatus.CLOSED, 11);
            t.created("t2", "en", 2, 12);
        });

        assertThat(t.decisionLines()).containsExactly("CLOSED t1", "ASSIGNED t2 ana");
    }

    @Test
    void anAgentComingOnlineDuringABurstTakesTheMostUrgentHeldTicket() {
        final TopologyHarness t = start(TopologyHarness.rules());
        t.online("ana", EN, 1, 1);

        t.burst(() -> {
            t.created("minor", "en", 4, 10);
            t.created("urgent", "en", 1, 11);
            t.online("budi", EN, 1, 12);
        });

        assertThat(t.decisionLines()).containsExactly("ASSIGNED urgent budi", "ASSIGNED minor ana");
    }

    @Test
    void withAgingALowPriorityTicketOvertakesAStreamOfUrgentOnesAfterItsWait() {
        final List<String> served = servedWhileUrgentTicketsKeepComing(
                TopologyHarness.rules().withAgingStep(Duration.ofMinutes(5)));

        // waiting 20 minutes makes priority 5 rank with a fresh priority 1: it is served after about 20 minutes,
        // ahead of urgent tickets created after it had waited that long
        final int minorServedAt = served.indexOf("minor") + 1;
        assertThat(minorServedAt).isBetween(20, 22);
        assertThat(served.subList(0, minorServedAt - 1)).allMatch(id -> id.startsWith("urgent-"));
    }

    @Test
    void withoutAgingTheLowPriorityTicketWaitsAsLongAsUrgentOnesKeepComing() {
        final List<String> served = servedWhileUrgentTicketsKeepComing(TopologyHarness.rules());

        assertThat(served).doesNotContain("minor");
    }

    /**
     * Ana works on one ticket at a time; a priority-5 ticket waits while a new priority-1 ticket comes every minute for
     * 30 minutes, and each minute ana closes her ticket and takes the next. The tickets she took, in order.
     */
    private List<String> servedWhileUrgentTicketsKeepComing(final AssignmentProperties rules) {
        final TopologyHarness t = start(rules);
        t.online("ana", EN, 1, 0);
        t.created("busy", "en", 1, 1);
        t.created("minor", "en", 5, 2);
        final List<String> served = new ArrayList<>();
        String current = "busy";
        for (int minute = 1; minute <= 30; minute++) {
            t.created("urgent-" + minute, "en", 1, minute * MINUTE);
            t.status(current, TicketStatus.CLOSED, minute * MINUTE + 1);
            current = t.ticketsOf("ana").get(0);
            served.add(current);
        }
        return served;
    }

    @Test
    void anAssignmentNamesTheAgentsComparedAndTheRuleThatChose() {
        final TopologyHarness t = start(TopologyHarness.rules());
        t.online("ana", EN, 2, 1);
        t.online("budi", EN, 3, 2);
        t.online("citra", EN, 3, 3);
        t.online("dewi", EN, 1, 4);
        t.decisions();

        t.created("t1", "en", 1, 10);

        final DecisionExplanation why = t.decisions().get(0).getExplanation();
        assertThat(why.getCandidates()).extracting(AgentCandidate::getAgentId).containsExactly("budi", "citra", "ana");
        assertThat(why.getCandidates()).extracting(AgentCandidate::getFreeCapacity).containsExactly(3, 3, 2);
        assertThat(why.getRule()).isEqualTo("longest-idle");
    }

    @Test
    void aQueuedTicketSaysWhyItWaitsAndWhere() {
        final TopologyHarness t = start(TopologyHarness.rules());
        t.created("nobody", "en", 1, 5);
        final DecisionExplanation nobody = t.decisions().get(0).getExplanation();
        assertThat(nobody.getRule()).isEqualTo("no-agent-online");
        assertThat(nobody.getAgentsOnline()).isZero();
        assertThat(nobody.getTicketsAhead()).isZero();

        t.online("ana", EN, 1, 6);
        t.online("budi", List.of(), 1, 7);
        t.created("p3", "en", 3, 10);
        t.created("p2", "en", 2, 11);
        t.decisions();
        t.created("p1", "en", 1, 12);

        final DecisionExplanation full = t.decisions().get(0).getExplanation();
        assertThat(full.getRule()).isEqualTo("all-at-capacity");
        assertThat(full.getAgentsOnline()).isEqualTo(2);
        assertThat(full.getTicketsAhead()).as("p3 is behind, p2 is held by budi").isZero();
        t.created("p4", "en", 4, 13);
        assertThat(t.decisions().get(0).getExplanation().getTicketsAhead()).as("p3 and p1 are ahead").isEqualTo(2);
    }

    @Test
    void agingIsConfiguredPerPool() {
        final AssignmentProperties rules = new AssignmentProperties(null, null, Map.of("vip", List.of("vip")), null,
                null, null, Duration.ofMinutes(5), Map.of("vip", Duration.ZERO), null, null, null, null, null);
        assertThat(rules.agingStep("vip")).isZero();
        assertThat(rules.agingStep(Pools.DEFAULT_POOL)).isEqualTo(Duration.ofMinutes(5));
    }

    private static List<String> ids(final List<TicketAssignment> decisions, final Decision kind) {
        return decisions.stream().filter(d -> d.getDecision() == kind).map(TicketAssignment::getTicketId).toList();
    }
}
