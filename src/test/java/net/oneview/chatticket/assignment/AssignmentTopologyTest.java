package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.assignment.AssignmentProperties.OfflinePolicy;
import net.oneview.chatticket.assignment.AssignmentProperties.PriorityOrder;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assignment rules, each as given / when / then on the production topology. */
class AssignmentTopologyTest {

    private static final List<String> EN = List.of("en");
    private static final List<String> ID = List.of("id");
    private static final List<String> EVERY_QUEUE = List.of();

    @TempDir
    Path stateDir;

    private TopologyHarness topology;

    private TopologyHarness start(final AssignmentProperties rules) {
        topology = new TopologyHarness(rules, stateDir);
        return topology;
    }

    private TopologyHarness start() {
        return start(TopologyHarness.rules());
    }

    @AfterEach
    void close() {
        if (topology != null) {
            topology.close();
            topology.forgetRegistry();
        }
    }

    @Nested
    class Eligibility {

        @Test
        void ticketGoesOnlyToAnOnlineAgentThatServesItsQueue() {
            final TopologyHarness t = start();
            t.online("ana", ID, 3, 1);
            t.online("budi", EN, 3, 2);

            t.created("t1", "en", 1, 10);

            assertThat(t.decisionLines()).containsExactly("ASSIGNED t1 budi");
            assertThat(t.ticketsOf("budi")).containsExactly("t1");
            assertThat(t.ticketsOf("ana")).isEmpty();
        }

        @Test
        void anAgentWithoutQueuesServesEveryQueue() {
            final TopologyHarness t = start();
            t.online("ana", EVERY_QUEUE, 3, 1);

            t.created("t1", "en", 1, 10);
            t.created("t2", "id", 1, 11);

            assertThat(t.ticketsOf("ana")).containsExactly("t1", "t2");
        }

        @Test
        void aFullAgentGetsNoMoreTicketsAndTheRestWait() {
            final TopologyHarness t = start();
            t.online("ana", EN, 2, 1);

            t.created("t1", "en", 1, 10);
            t.created("t2", "en", 1, 11);
            t.created("t3", "en", 1, 12);

            assertThat(t.ticketsOf("ana")).containsExactly("t1", "t2");
            assertThat(t.waiting()).containsExactly("t3");
            assertThat(t.decisionLines()).containsExactly("ASSIGNED t1 ana", "ASSIGNED t2 ana", "QUEUED t3");
        }

        @Test
        void anOfflineAgentGetsNoNewTickets() {
            final TopologyHarness t = start();
            t.online("ana", EN, 3, 1);
            t.offline("ana", EN, 3, 2);

            t.created("t1", "en", 1, 10);

            assertThat(t.decisionLines()).containsExactly("QUEUED t1");
            assertThat(t.ticketsOf("ana")).isEmpty();
        }

        @Test
        void anAgentWhoseStatusListsAQueueTwiceServesItOnce() {
            final TopologyHarness t = start();
            t.created("t1", "en", 1, 10);
            t.decisions();

            t.online("ana", List.of("en", "en"), 2, 20);

            assertThat(t.decisionLines()).containsExactly("ASSIGNED t1 ana");
            assertThat(t.agentView("ana").getQueues()).containsExactly("en");
        }
    }

    @Nested
    class WaitingOrder {

        @Test
        void waitingTicketsAreServedByPriorityThenOldestThenTicketId() {
            final TopologyHarness t = start();
            t.created("low-old", "en", 3, 1);
            t.created("urgent-new", "en", 1, 50);
            t.created("urgent-old-b", "en", 1, 20);
            t.created("urgent-old-a", "en", 1, 20);
            t.decisions();

            assertThat(t.waiting()).containsExactly("urgent-old-a", "urgent-old-b", "urgent-new", "low-old");

            t.online("ana", EN, 2, 100);

            assertThat(t.decisionLines()).containsExactly("ASSIGNED urgent-old-a ana", "ASSIGNED urgent-old-b ana");
            assertThat(t.waiting()).containsExactly("urgent-new", "low-old");
        }

        @Test
        void withDescendingOrderTheHighestPriorityNumberIsServedFirst() {
            final TopologyHarness t = start(new AssignmentProperties(PriorityOrder.DESCENDING, null, null));
            t.created("p1", "en", 1, 1);
            t.created("p5", "en", 5, 2);
            t.created("p3", "en", 3, 3);

            t.online("ana", EN, 1, 10);

            assertThat(t.ticketsOf("ana")).containsExactly("p5");
            assertThat(t.waiting()).containsExactly("p3", "p1");
        }

        @Test
        void anAgentServingSeveralQueuesTakesTheMostUrgentAcrossThem() {
            final TopologyHarness t = start();
            t.created("en-p2", "en", 2, 1);
            t.created("id-p1", "id", 1, 2);
            t.created("fr-p1", "fr", 1, 0);

            t.online("ana", List.of("en", "id"), 1, 10);

            assertThat(t.ticketsOf("ana")).containsExactly("id-p1");
        }
    }

    @Nested
    class ChoiceOfAgent {

        @Test
        void aTicketGoesToTheAgentWithTheMostFreeCapacity() {
            final TopologyHarness t = start();
            t.online("ana", EN, 2, 1);
            t.online("budi", EN, 5, 2);

            t.created("t1", "en", 1, 10);

            assertThat(t.ticketsOf("budi")).containsExactly("t1");
        }

        @Test
        void tiesGoToTheAgentWhoHasWaitedLongest() {
            final TopologyHarness t = start();
            t.online("ana", EN, 2, 5);
            t.online("budi", EN, 2, 1);

            t.created("t1", "en", 1, 10);
            t.created("t2", "en", 1, 11);

            assertThat(t.ticketsOf("budi")).containsExactly("t1");
            assertThat(t.ticketsOf("ana")).containsExactly("t2");
        }

        @Test
        void aBurstIsSpreadAcrossAgentsNotPouredOnTheFirstOnline() {
            final TopologyHarness t = start();
            t.online("ana", EN, 3, 1);
            t.online("budi", EN, 3, 2);
            t.online("chen", EN, 3, 3);

            for (int i = 0; i < 6; i++) {
                t.created("t" + i, "en", 1, 10 + i);
            }

            assertThat(List.of(t.ticketsOf("ana").size(), t.ticketsOf("budi").size(), t.ticketsOf("chen").size()))
                    .containsExactly(2, 2, 2);
        }

        @Test
        void aBacklogIsSharedByAgentsComingOnline() {
            final TopologyHarness t = start();
            for (int i = 0; i < 4; i++) {
                t.created("t" + i, "en", 1, i);
            }

            t.online("ana", EN, 2, 10);
            t.online("budi", EN, 2, 11);

            assertThat(t.ticketsOf("ana")).containsExactly("t0", "t1");
            assertThat(t.ticketsOf("budi")).containsExactly("t2", "t3");
            assertThat(t.waiting()).isEmpty();
        }
    }

    @Nested
    class StatusChanges {

        @Test
        void closedTicketFreesCapacityAndPullsTheNextWaitingTicket() {
            final TopologyHarness t = start();
            t.online("ana", EN, 1, 1);
            t.created("t1", "en", 2, 10);
            t.created("t2", "en", 1, 11);
            t.decisions();

            t.status("t1", TicketStatus.CLOSED, 20);

            assertThat(t.decisionLines()).containsExactly("CLOSED t1 ana", "ASSIGNED t2 ana");
            assertThat(t.ticketsOf("ana")).containsExactly("t2");
        }

        @Test
        void closingAWaitingTicketTakesItOutOfTheBacklog() {
            final TopologyHarness t = start();
            t.created("t1", "en", 1, 10);

            t.status("t1", TicketStatus.CLOSED, 20);
            t.online("ana", EN, 1, 30);

            assertThat(t.waiting()).isEmpty();
            assertThat(t.ticketsOf("ana")).isEmpty();
            assertThat(t.decisionLines()).containsExactly("QUEUED t1", "CLOSED t1");
        }

        @Test
        void escalatedTicketShowsItsNewStatusAndKeepsOccupyingCapacity() {
            final TopologyHarness t = start();
            t.online("ana", EN, 1, 1);
            t.created("t1", "en", 1, 10);

            t.status("t1", TicketStatus.ESCALATED, 20);
            t.created("t2", "en", 1, 30);

            assertThat(t.heldTicket("ana", "t1").getStatus()).isEqualTo(TicketStatus.ESCALATED);
            assertThat(t.heldTicket("ana", "t1").getStatusReason()).isEqualTo("changed by workflow");
            assertThat(t.waiting()).containsExactly("t2");
        }

        @Test
        void ticketsAnEarlierVersionKeptInTheAgentsEntryAreReadFromThePoolOnce() {
            final TopologyHarness t = start();
            t.online("ana", EN, 3, 1);
            t.created("t1", "en", 1, 10);
            t.created("t2", "en", 1, 11);
            t.copyTicketsIntoAgentEntry("ana");
            assertThat(t.ticketsOf("ana")).containsExactlyInAnyOrder("t1", "t2");

            t.status("t1", TicketStatus.ESCALATED, 20);
            t.status("t2", TicketStatus.CLOSED, 21);
            t.created("t3", "en", 1, 30);

            assertThat(t.ticketsOf("ana")).containsExactlyInAnyOrder("t1", "t3");
            assertThat(t.heldTicket("ana", "t1").getStatus()).isEqualTo(TicketStatus.ESCALATED);
        }

        @Test
        void aTicketClosedBeforeItIsCreatedIsNeverAssigned() {
            final TopologyHarness t = start();
            t.online("ana", EN, 3, 1);

            t.status("t1", TicketStatus.CLOSED, 5);
            t.created("t1", "en", 1, 10);

            assertThat(t.decisionLines()).containsExactly("CLOSED t1");
            assertThat(t.ticketsOf("ana")).isEmpty();
            assertThat(t.waiting()).isEmpty();
        }

        @Test
        void aTicketEscalatedBeforeItIsCreatedArrivesEscalated() {
            final TopologyHarness t = start();
            t.online("ana", EN, 3, 1);

            t.status("t1", TicketStatus.ESCALATED, 5);
            t.created("t1", "en", 1, 10);

            assertThat(t.heldTicket("ana", "t1").getStatus()).isEqualTo(TicketStatus.ESCALATED);
        }
    }

    @Nested
    class GoingOffline {

        @Test
        void byDefaultAnOfflineAgentKeepsItsTickets() {
            final TopologyHarness t = start();
            t.online("ana", EN, 2, 1);
            t.online("budi", EN, 1, 2);
            t.created("t1", "en", 1, 10);
            t.decisions();

            t.offline("ana", EN, 2, 20);

            assertThat(t.decisionLines()).isEmpty();
            assertThat(t.ticketsOf("ana")).containsExactly("t1");
        }

        @Test
        void withRequeueTheTicketsGoBackInTheirPlaceAndToOtherAgents() {
            final TopologyHarness t = start(new AssignmentProperties(null, OfflinePolicy.REQUEUE, null));
            t.online("ana", EN, 3, 1);
            t.created("a-p2", "en", 2, 10);
            t.created("b-p1", "en", 1, 11);
            t.created("c-p3", "en", 3, 12);
            t.online("budi", EN, 1, 15);
            t.decisions();

            t.offline("ana", EN, 3, 20);

            // they compete in the next drain: the most urgent gets the free capacity, the others are told they wait
            assertThat(t.decisionLines()).containsExactly(
                    "REQUEUED b-p1 ana", "REQUEUED a-p2 ana", "REQUEUED c-p3 ana", "ASSIGNED b-p1 budi",
                    "QUEUED a-p2", "QUEUED c-p3");
            assertThat(t.ticketsOf("ana")).isEmpty();
            assertThat(t.ticketsOf("budi")).containsExactly("b-p1");
            assertThat(t.waiting()).containsExactly("a-p2", "c-p3");
        }

        @Test
        void comingBackOnlineAfterKeepingTicketsCountsThemAgainstCapacity() {
            final TopologyHarness t = start();
            t.online("ana", EN, 2, 1);
            t.created("t1", "en", 1, 10);
            t.offline("ana", EN, 2, 20);
            t.created("t2", "en", 1, 30);
            t.created("t3", "en", 1, 31);

            t.online("ana", EN, 2, 40);

            assertThat(t.ticketsOf("ana")).containsExactly("t1", "t2");
            assertThat(t.waiting()).containsExactly("t3");
        }
    }

    @Nested
    class RepeatsAndReplays {

        @Test
        void duplicateEventsChangeNothing() {
            final TopologyHarness t = start();
            t.online("ana", EN, 1, 1);
            t.online("ana", EN, 1, 2);
            t.created("t1", "en", 1, 10);
            t.created("t1", "en", 1, 10);
            t.created("t2", "en", 1, 11);
            t.status("t2", TicketStatus.CLOSED, 12);
            t.status("t2", TicketStatus.CLOSED, 13);
            t.created("t2", "en", 1, 11);

            assertThat(t.decisionLines()).containsExactly("ASSIGNED t1 ana", "QUEUED t2", "CLOSED t2");
            assertThat(t.ticketsOf("ana")).containsExactly("t1");
        }

        @Test
        void aTicketClosedAfterItsDecisionsIsRememberedByThemWithNoEntryOfItsOwn() {
            final TopologyHarness t = start();
            t.created("t1", "en", 1, 10);
            t.status("t1", TicketStatus.CLOSED, 20);
            t.status("t1", TicketStatus.ESCALATED, 30);
            t.created("t1", "en", 1, 40);

            assertThat(t.decisionLines()).containsExactly("QUEUED t1", "CLOSED t1");
            assertThat(t.route("t1")).isNull();
            assertThat(t.keptAsClosed("t1")).isFalse();
        }

        @Test
        void aNewTicketLeavesTheRouterNoEntryItsDecisionsNameItsPoolAndItsStatusesFollowThem() {
            final TopologyHarness t = start();
            t.online("ana", EN, 1, 1);
            t.created("t1", "en", 1, 10);
            assertThat(t.decisions()).extracting(TicketAssignment::getDecision, TicketAssignment::getPool)
                    .containsExactly(tuple(Decision.ASSIGNED, Pools.DEFAULT_POOL));
            assertThat(t.route("t1")).isNull();
            assertThat(t.routedLines()).containsExactly("default: t1 created");

            t.status("t1", TicketStatus.ESCALATED, 20);
            t.created("t1", "en", 1, 25);
            t.status("t1", TicketStatus.CLOSED, 30);
            t.status("t1", TicketStatus.ESCALATED, 40);

            assertThat(t.routedLines()).as("the repeated creation and the status after the close are dropped")
                    .containsExactly("default: t1 ESCALATED", "default: t1 CLOSED");
            assertThat(t.decisionLines()).containsExactly("STATUS_CHANGED t1 ana", "CLOSED t1 ana");
            assertThat(t.route("t1")).isNull();
            assertThat(t.keptAsClosed("t1")).isFalse();
            assertThat(t.earlyStatus("t1")).isNull();
        }

        @Test
        void aStatusThatComesBeforeItsTicketsFirstDecisionIsReadBackReachesTheTicket() {
            final TopologyHarness t = start();
            t.online("ana", EN, 1, 1);
            t.arriving(() -> {
                t.created("t1", "en", 1, 10);
                t.status("t1", TicketStatus.CLOSED, 11);  // t1 is held for the arrival window: no decision yet
            });
            t.settle();
            t.created("t2", "en", 1, 20);

            assertThat(t.decisionLines()).containsExactly("CLOSED t1", "ASSIGNED t2 ana");
            assertThat(t.ticketsOf("ana")).containsExactly("t2");

            t.created("t1", "en", 1, 30);
            t.status("t1", TicketStatus.ESCALATED, 31);
            assertThat(t.decisionLines()).as("closed: by its decision").isEmpty();
        }

        @Test
        void withSeveralPoolsAStatusBeforeTheFirstDecisionGoesToThePoolTheTicketWentToAndChangesItOnce() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, Map.of("vip", List.of("vip"))));
            t.online("ana", List.of("vip"), 1, 1);
            t.arriving(() -> {
                t.created("t-vip", "vip", 1, 10);
                t.status("t-vip", TicketStatus.ESCALATED, 11);
            });
            t.settle();

            assertThat(t.decisionLines()).containsExactly("STATUS_CHANGED t-vip", "ASSIGNED t-vip ana");
            assertThat(t.heldTicket("ana", "t-vip").getStatus()).isEqualTo(TicketStatus.ESCALATED);
            // the router remembers where it sent the ticket: no status to every pool, none kept
            assertThat(t.routedLines()).containsExactly("vip: t-vip created", "vip: t-vip ESCALATED");
            assertThat(t.earlyStatus("t-vip")).isNull();

            t.status("t-vip", TicketStatus.CLOSED, 20);
            assertThat(t.decisionLines()).containsExactly("CLOSED t-vip ana");
        }

        @Test
        void aStatusSentBackByAPoolThatDidNotHoldTheTicketChangesNothingOnceALaterOneIsApplied() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, Map.of("vip", List.of("vip"))));
            t.online("ana", List.of("vip"), 1, 1);
            t.created("t-vip", "vip", 1, 10);
            t.status("t-vip", TicketStatus.ESCALATED, 20);
            t.status("t-vip", TicketStatus.ASSIGNED, 30);
            t.decisions();
            final TicketStatusChanged escalated = TicketStatusChanged.newBuilder().setTicketId("t-vip")
                    .setStatus(TicketStatus.ESCALATED).setTime(Instant.ofEpochMilli(20)).build();

            // the default pool got the escalation too (no decision had been read back) and sends it back late
            t.handedBack("t-vip", PoolEvents.statusAfterMove(escalated, Pools.DEFAULT_POOL), 31);

            assertThat(t.routedLines()).last().isEqualTo("vip: t-vip ESCALATED");
            assertThat(t.decisionLines()).isEmpty();
            assertThat(t.heldTicket("ana", "t-vip").getStatus()).isEqualTo(TicketStatus.ASSIGNED);
        }

        @Test
        void aTicketsStatusesGoToThePoolThatDecidedItWhereverTheConfigurationPutsItsQueueNow() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, Map.of("vip", List.of("vip"))));
            final TicketCreated ticket = TopologyHarness.ticket("t-vip", "vip", 1, 10);
            final TicketStatusChanged open = TicketStatusChanged.newBuilder().setTicketId("t-vip")
                    .setStatus(TicketStatus.ASSIGNED).setTime(Instant.ofEpochMilli(10)).build();
            t.online("bob", EVERY_QUEUE, 1, 1);  // in the default pool
            // assigned there, as by an instance that had no vip pool yet: it stays there until it closes
            t.atPool(Pools.DEFAULT_POOL, PoolEvents.handedOver(ticket, open, "vip", Pools.DEFAULT_POOL), 10, false);
            assertThat(t.decisions()).extracting(TicketAssignment::getDecision, TicketAssignment::getPool)
                    .containsExactly(tuple(Decision.ASSIGNED, Pools.DEFAULT_POOL));

            t.status("t-vip", TicketStatus.CLOSED, 20);

            assertThat(t.decisions()).extracting(TicketAssignment::getDecision, TicketAssignment::getPool)
                    .containsExactly(tuple(Decision.CLOSED, Pools.DEFAULT_POOL));
            assertThat(t.ticketsOf("bob")).isEmpty();
        }

        @Test
        void aClosedTicketIsRememberedForTheRetentionThenForgotten() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, null, Duration.ofHours(1)));
            t.created("t1", "en", 1, 10);
            t.status("t1", TicketStatus.CLOSED, 20);
            t.created("t1", "en", 1, 30);
            assertThat(t.decisionLines()).containsExactly("QUEUED t1", "CLOSED t1");
            assertThat(t.route("t1")).isNull();

            final long later = Duration.ofHours(3).toMillis();
            t.created("t9", "en", 1, later);
            t.status("t9", TicketStatus.CLOSED, later + 1);
            t.decisions();
            t.created("t1", "en", 1, later + 2);

            assertThat(t.decisionLines()).containsExactly("QUEUED t1");
        }

        @Test
        void theSameInputGivesTheSameDecisions(@TempDir final Path otherStateDir) {
            final List<List<TicketAssignment>> runs = new ArrayList<>();
            for (final Path dir : List.of(stateDir.resolve("first"), otherStateDir)) {
                try (TopologyHarness t = new TopologyHarness(TopologyHarness.rules(), dir)) {
                    t.online("ana", EN, 2, 1);
                    t.online("budi", List.of("en", "id"), 2, 2);
                    for (int i = 0; i < 8; i++) {
                        t.created("t" + i, i % 2 == 0 ? "en" : "id", 1 + i % 3, 10 + i);
                    }
                    t.status("t0", TicketStatus.CLOSED, 30);
                    t.offline("budi", List.of("en", "id"), 2, 40);
                    runs.add(t.decisions());
                    t.forgetRegistry();
                }
            }
            assertThat(runs.get(0)).isNotEmpty().isEqualTo(runs.get(1));
        }
    }

    @Nested
    class BadInputAndPools {

        @Test
        void aReplayedDeadLetterOfAnAgentsStatusOlderThanItsCurrentOneChangesNothing() {
            final TopologyHarness t = start(new AssignmentProperties(null, OfflinePolicy.REQUEUE, null));
            t.online("ana", EN, 1, 20);
            t.replayedOffline("ana", EN, 1, 10, 30);
            t.created("t1", "en", 1, 40);
            assertThat(t.ticketsOf("ana")).containsExactly("t1");

            t.replayedOffline("ana", EN, 1, 50, 60);  // newer than what the agent did: applied
            assertThat(t.decisionLines()).contains("REQUEUED t1 ana");
        }

        @Test
        void aTicketTooLargeToCarryIsRejectedWithTheReasonAndTheNextIsServed() {
            final TopologyHarness t = start(AssignmentProperties.defaults().withMaxTicketChars(1000));
            t.online("ana", EN, 1, 1);
            final String large = "{\"text\":\"" + "x".repeat(1000) + "\"}";
            t.created(TicketCreated.newBuilder(TopologyHarness.ticket("t1", "en", 1, 10)).setContent(large).build(), 10);
            t.created("t2", "en", 1, 20);

            final List<TicketAssignment> decisions = t.decisions();
            assertThat(decisions).extracting(TicketAssignment::getDecision)
                    .containsExactly(Decision.REJECTED, Decision.ASSIGNED);
            assertThat(decisions.get(0).getReason()).contains("too large").contains("at most 1000");
            assertThat(t.ticketsOf("ana")).containsExactly("t2");
        }

        @Test
        void aRejectedTicketKeepsNoRouteAndLaterEventsForItChangeNothing() {
            final TopologyHarness t = start();
            t.online("ana", EN, 1, 1);
            t.created(TicketCreated.newBuilder(TopologyHarness.ticket("t1", "en", 1, 10)).setContent("[]").build(), 10);

            t.status("t1", TicketStatus.ESCALATED, 20);
            t.created("t1", "en", 1, 30);

            assertThat(t.route("t1")).isNull();
            assertThat(t.keptAsClosed("t1")).isTrue();
            assertThat(t.decisions()).extracting(TicketAssignment::getDecision).containsExactly(Decision.REJECTED);
        }

        @Test
        void aStatusForATicketNeverCreatedIsForgottenAfterTheRetention() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, null, Duration.ofHours(1)));
            t.status("t1", TicketStatus.CLOSED, 10);
            assertThat(t.route("t1")).isNull();

            final long later = Duration.ofHours(3).toMillis();
            t.status("t9", TicketStatus.ESCALATED, later);
            t.created("t1", "en", 1, later + 1);

            assertThat(t.decisionLines()).containsExactly("QUEUED t1");
        }

        @Test
        void aStatusAnEarlierVersionKeptInTheTicketsRouteStillTravelsWithTheTicket() {
            final TopologyHarness t = start();
            t.online("ana", EN, 3, 1);
            t.keepEarlyStatusInRoute("t1", TicketStatus.ESCALATED, 5);

            t.created("t1", "en", 1, 10);

            assertThat(t.heldTicket("ana", "t1").getStatus()).isEqualTo(TicketStatus.ESCALATED);
            assertThat(t.route("t1")).isNull();
        }

        @Test
        void aTicketWhoseContentIsNotAJsonObjectIsRejectedVisibly() {
            final TopologyHarness t = start();
            t.online("ana", EN, 1, 1);

            t.created(TicketCreated.newBuilder(TopologyHarness.ticket("t1", "en", 1, 10)).setContent("not json").build(), 10);

            final List<TicketAssignment> decisions = t.decisions();
            assertThat(decisions).extracting(TicketAssignment::getDecision).containsExactly(Decision.REJECTED);
            assertThat(decisions.get(0).getReason()).contains("not JSON");
            assertThat(t.ticketsOf("ana")).isEmpty();
        }

        @Test
        void contentWithAnythingAfterTheJsonObjectIsRejected() {
            final TopologyHarness t = start();

            t.created(TicketCreated.newBuilder(TopologyHarness.ticket("t1", "en", 1, 10)).setContent("{\"a\":1} x").build(), 10);

            assertThat(t.decisions()).extracting(TicketAssignment::getDecision).containsExactly(Decision.REJECTED);
        }

        @Test
        void poolsDecideTheirOwnQueuesOnly() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, Map.of("vip", List.of("vip"))));
            t.online("ana", List.of("vip"), 1, 1);
            t.online("budi", EN, 1, 2);

            t.created("t-vip", "vip", 1, 10);
            t.created("t-en", "en", 1, 11);

            assertThat(t.ticketsOf("ana")).containsExactly("t-vip");
            assertThat(t.ticketsOf("budi")).containsExactly("t-en");
        }
    }

    @Nested
    class AgentLists {

        @Test
        void theListIsReadFromThePoolAndWithoutOffersNoDecisionIsReKeyedByAgent() {
            final TopologyHarness t = start();
            t.online("ana", EN, 2, 1);
            t.created("t1", "en", 1, 10);
            final Instant assigned = t.decisions().get(0).getTime();
            t.status("t1", TicketStatus.ESCALATED, 20);

            assertThat(t.heldTicket("ana", "t1").getStatus()).isEqualTo(TicketStatus.ESCALATED);
            assertThat(t.heldTicket("ana", "t1").getAssignedTime()).isEqualTo(assigned);

            t.status("t1", TicketStatus.CLOSED, 30);

            assertThat(t.ticketsOf("ana")).isEmpty();
            assertThat(t.reKeyedByAgent()).isEmpty();
        }

        @Test
        void eachChangeOfAListRaisesItsVersionWhichNeverFallsWhenAPoolItWasReadFromIsNoLonger() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, Map.of("vip", List.of("vip"))));
            final List<Long> versions = new ArrayList<>();
            final Runnable read = () -> versions.add(t.agentView("ana").getTicketsVersion());
            t.online("ana", List.of("vip"), 2, 1);
            read.run();
            t.created("t-vip", "vip", 1, 10);
            read.run();
            t.status("t-vip", TicketStatus.ESCALATED, 20);
            read.run();
            t.online("ana", EN, 2, 30);  // moves to the default pool, holding t-vip in vip
            read.run();
            t.status("t-vip", TicketStatus.CLOSED, 40);  // vip releases it: vip is no longer read
            read.run();
            t.created("t-en", "en", 1, 50);
            read.run();

            assertThat(t.ticketsOf("ana")).containsExactly("t-en");
            assertThat(versions).isSorted();
            // assigned, escalated, closed (vip no longer read), assigned: each a new version
            assertThat(versions.get(1)).isGreaterThan(versions.get(0));
            assertThat(versions.get(2)).isGreaterThan(versions.get(1));
            assertThat(versions.get(4)).isGreaterThan(versions.get(3));
            assertThat(versions.get(5)).isGreaterThan(versions.get(4));
        }
    }

    @Nested
    class PoolMoves {

        private final Map<String, List<String>> vipPool = Map.of("vip", List.of("vip"));

        @Test
        void anAgentMovingToAnotherPoolKeepsItsTicketsWhichTakeItsCapacityThereUntilClosed() {
            final TopologyHarness t = start(new AssignmentProperties(null, OfflinePolicy.REQUEUE, vipPool));
            t.online("ana", List.of("vip"), 1, 1);
            t.created("t-vip", "vip", 1, 10);
            t.online("budi", List.of("vip"), 1, 20);
            t.decisions();

            t.online("ana", EN, 1, 30);
            t.created("t-en", "en", 1, 40);
            t.status("t-vip", TicketStatus.ESCALATED, 50);

            assertThat(t.decisionLines()).containsExactly("QUEUED t-en", "STATUS_CHANGED t-vip ana");
            assertThat(t.ticketsOf("ana")).containsExactly("t-vip");
            assertThat(t.ticketsOf("budi")).isEmpty();

            t.status("t-vip", TicketStatus.CLOSED, 60);

            assertThat(t.decisionLines()).containsExactly("CLOSED t-vip ana", "ASSIGNED t-en ana");
            assertThat(t.ticketsOf("ana")).containsExactly("t-en");
        }

        @Test
        void aTicketRoutedByAnInstanceWithOtherPoolsGoesToThePoolOfItsQueueAndItsStatusesFollow() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, vipPool));
            t.online("ana", List.of("vip"), 1, 1);

            t.routedTo(Pools.DEFAULT_POOL, TopologyHarness.ticket("t-vip", "vip", 1, 10), 10);

            assertThat(t.decisionLines()).containsExactly("ASSIGNED t-vip ana");
            assertThat(t.route("t-vip").getPool()).isEqualTo("vip");

            t.status("t-vip", TicketStatus.CLOSED, 20);

            assertThat(t.decisionLines()).containsExactly("CLOSED t-vip ana");
            assertThat(t.ticketsOf("ana")).isEmpty();
        }

        @Test
        void aTicketClosedWhileItsOldPoolHandedItOverIsSaidClosedByItsNewPool() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, vipPool));
            final TicketCreated ticket = TopologyHarness.ticket("t-vip", "vip", 1, 10);
            t.created(ticket, 10);
            t.status("t-vip", TicketStatus.CLOSED, 20);
            t.decisions();

            // the old pool's handover, read by the router after the close (which went to the old pool and came back)
            t.handedBack("t-vip", PoolEvents.handedOver(ticket, TicketStatusChanged.newBuilder().setTicketId("t-vip")
                    .setStatus(TicketStatus.ASSIGNED).setTime(Instant.ofEpochMilli(15)).build(), Pools.DEFAULT_POOL,
                    "vip"), 21);

            final List<TicketAssignment> decisions = t.decisions();
            assertThat(decisions).extracting(TicketAssignment::getDecision).containsExactly(Decision.CLOSED);
            assertThat(decisions.get(0).getReason()).contains("closed while its queue moved here from pool default");
            assertThat(t.route("t-vip")).isNull();
        }

        @Test
        void aStatusThatReachedAPoolAfterItsTicketLeftGoesOnceMoreToWhereTheTicketWent() {
            final TopologyHarness t = start(new AssignmentProperties(null, null, vipPool));
            t.online("ana", List.of("vip"), 1, 1);
            t.created("t-vip", "vip", 1, 10);
            t.decisions();
            final TicketStatusChanged escalated = TicketStatusChanged.newBuilder().setTicketId("t-vip")
                    .setStatus(TicketStatus.ESCALATED).setTime(Instant.ofEpochMilli(20)).build();

            t.handedBack("t-vip", PoolEvents.statusAfterMove(escalated, Pools.DEFAULT_POOL), 20);
            t.handedBack("t-vip", PoolEvents.statusAfterMove(escalated, "vip"), 21);

            assertThat(t.decisionLines()).as("once: not from the pool that has it").containsExactly(
                    "STATUS_CHANGED t-vip ana");
        }
    }
}
