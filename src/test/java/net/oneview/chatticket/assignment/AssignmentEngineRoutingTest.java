package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.assignment.RoutingProperties.AgentOrder;
import net.oneview.chatticket.assignment.RoutingProperties.QueueRouting;
import net.oneview.chatticket.assignment.RoutingProperties.Step;
import net.oneview.chatticket.events.AgentCandidate;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolEvent;
import org.junit.jupiter.api.Test;

/**
 * Who may take a ticket: skill levels and steps that widen on the wall clock, overflow queues, a preferred agent,
 * capacity per channel, and the agent order among those eligible.
 */
class AssignmentEngineRoutingTest {

    private static final AssignmentProperties RULES = AssignmentProperties.defaults().withArrivalWindow(Duration.ZERO);
    private static final String ANA = "00000000-0000-4000-8000-00000000000a";
    private static final String BOB = "00000000-0000-4000-8000-00000000000b";
    private static final String CARL = "00000000-0000-4000-8000-00000000000c";
    private static final long SECOND = 1_000;

    private final InMemoryPoolState state = new InMemoryPoolState();
    private RoutingProperties routing = RoutingProperties.defaults();
    private OfferProperties offers = OfferProperties.off();
    private long version;

    @Test
    void aTicketGoesToTheSkilledAgentFirstAndToAnyAgentOfTheQueueOnceItsNextStepStarts() {
        routing = steps("english", new Step(Duration.ZERO, 4, null), new Step(Duration.ofSeconds(20), 1, null));
        apply(online(ANA, 1, Map.of("english", 5), "english"), 0);
        apply(online(BOB, 1, Map.of("english", 1), "english"), 0);

        final TicketAssignment first = apply(created("t1", "english", null, null, 1), 1).get(0);
        assertThat(first.getAgentId()).isEqualTo(ANA);
        assertThat(first.getExplanation().getStep()).isZero();
        assertThat(first.getExplanation().getMinLevel()).isEqualTo(4);
        assertThat(first.getExplanation().getCandidates()).extracting(AgentCandidate::getLevel).containsExactly(5);

        final List<TicketAssignment> second = apply(created("t2", "english", null, null, 2 * SECOND), 2 * SECOND);
        assertThat(second).extracting(TicketAssignment::getDecision).as("bob is free, but below level 4")
                .containsExactly(Decision.QUEUED);
        assertThat(second.get(0).getReason()).contains("step 0 (level 4 and up)");
        assertThat(timers(22 * SECOND - 1)).as("before the ticket has waited 20 s").isEmpty();

        final List<TicketAssignment> widened = timers(22 * SECOND);
        assertThat(widened).extracting(TicketAssignment::getTicketId, TicketAssignment::getDecision,
                TicketAssignment::getAgentId).containsExactly(tuple("t2", Decision.ASSIGNED, BOB));
        assertThat(widened.get(0).getReason()).contains("waited 20 s").contains("step 1");
        assertThat(widened.get(0).getExplanation().getStep()).isEqualTo(1);
        assertThat(state.timers.entries).isEmpty();
    }

    @Test
    void aWidenedTicketIsAssignedByItsTimerAtItsTimeThoughTheStreamTimeLagsTheWallClock() {
        routing = steps("english", new Step(Duration.ZERO, 4, null), new Step(Duration.ofSeconds(20), 1, null));
        final AssignmentProperties holding = AssignmentProperties.defaults();
        final Instant streamTime = Instant.ofEpochMilli(2 * SECOND);
        engine(holding, 0, 0).apply(online(ANA, 1, Map.of("english", 5), "english"));
        engine(holding, 0, 0).apply(created("t0", "english", null, null, 0));
        engine(holding, 0, 0).drain(10);
        engine(holding, 0, 0).apply(online(BOB, 1, Map.of("english", 1), "english"));
        engine(holding, 2 * SECOND, 2 * SECOND).apply(created("t1", "english", null, null, 2 * SECOND));

        // a drain at the stream time, which lags the wall clock, reads the route the timer will widen
        assertThat(engine(holding, streamTime.toEpochMilli(), 22 * SECOND).drain(10)).isEmpty();
        final AssignmentEngine timers = engine(holding, 22 * SECOND, 22 * SECOND);
        final List<TicketAssignment> widened = timers.fireTimers(10);

        assertThat(widened).as("assigned by the timer, at its time, not held for a drain at the stream time")
                .extracting(TicketAssignment::getTicketId, TicketAssignment::getDecision, TicketAssignment::getAgentId,
                        TicketAssignment::getTime)
                .containsExactly(tuple("t1", Decision.ASSIGNED, BOB, Instant.ofEpochMilli(22 * SECOND)));
        assertThat(timers.heldArrival()).isFalse();
        assertThat(engine(holding, streamTime.toEpochMilli(), 22 * SECOND + 20).drain(10)).isEmpty();
        assertThat(state.timers.entries).isEmpty();
    }

    private AssignmentEngine engine(final AssignmentProperties rules, final long now, final long wallClock) {
        return new AssignmentEngine(rules, OfferProperties.off(), routing, Pools.DEFAULT_POOL, state,
                Instant.ofEpochMilli(now)).atWallClock(Instant.ofEpochMilli(wallClock));
    }

    @Test
    void aRouteThatWidensWhileAMoreUrgentTicketIsHeldComesAfterIt() {
        routing = steps("english", new Step(Duration.ZERO, 4, null), new Step(Duration.ofSeconds(20), 1, null));
        final AssignmentProperties holding = AssignmentProperties.defaults();
        engine(holding, 0, 0).apply(online(BOB, 1, Map.of("english", 1), "english"));
        assertThat(engine(holding, 2 * SECOND, 2 * SECOND).apply(created("t1", "english", null, null, 2 * SECOND)))
                .extracting(TicketAssignment::getDecision).containsExactly(Decision.QUEUED);
        // older, so more urgent; it comes late, past its own step 0, and is held for the next drain
        engine(holding, 22 * SECOND - 10, 22 * SECOND - 10).apply(created("t0", "english", null, null, 0));

        final List<TicketAssignment> decided = engine(holding, 22 * SECOND, 22 * SECOND).fireTimers(10);

        assertThat(decided).as("t1's route widens to bob, but the held t0 is more urgent")
                .extracting(TicketAssignment::getTicketId, TicketAssignment::getDecision, TicketAssignment::getAgentId)
                .containsExactly(tuple("t0", Decision.ASSIGNED, BOB), tuple("t1", Decision.QUEUED, null));
    }

    @Test
    void anOverflowQueuesAgentTakesTheTicketOnlyOnceItsStepStarts() {
        routing = steps("english", new Step(Duration.ZERO, null, null),
                new Step(Duration.ofSeconds(30), null, List.of("english-overflow")));
        apply(online(ANA, 1, Map.of(), "english"), 0);
        apply(created("t0", "english", null, null, 0), 0);
        apply(online(CARL, 1, Map.of(), "english-overflow"), 0);

        assertThat(apply(created("t1", "english", null, null, SECOND), SECOND))
                .extracting(TicketAssignment::getDecision).containsExactly(Decision.QUEUED);
        assertThat(timers(31 * SECOND - 1)).isEmpty();
        final List<TicketAssignment> overflowed = timers(31 * SECOND);
        assertThat(overflowed).extracting(TicketAssignment::getTicketId, TicketAssignment::getAgentId)
                .containsExactly(tuple("t1", CARL));
        assertThat(overflowed.get(0).getExplanation().getOverflowQueue()).isEqualTo("english-overflow");
    }

    @Test
    void anOverflowAgentFreeingASlotTakesTheOverflowedTicket() {
        routing = steps("english", new Step(Duration.ZERO, null, null),
                new Step(Duration.ofSeconds(30), null, List.of("english-overflow")));
        apply(online(CARL, 1, Map.of(), "english-overflow"), 0);
        apply(created("o1", "english-overflow", null, null, 0), 0);
        apply(created("t1", "english", null, null, 0), 0);
        apply(created("o2", "english-overflow", null, null, 40 * SECOND), 40 * SECOND);
        assertThat(timers(40 * SECOND)).as("t1 overflows, carl is busy").isEmpty();

        final List<TicketAssignment> freed = apply(closed("o1"), 41 * SECOND);
        assertThat(freed).extracting(TicketAssignment::getTicketId, TicketAssignment::getAgentId)
                .containsExactly(tuple("o1", CARL), tuple("t1", CARL));
        assertThat(freed.get(1).getExplanation().getOverflowQueue()).isEqualTo("english-overflow");
    }

    @Test
    void aTicketWaitsForItsPreferredAgentAndGoesToItWhenItFreesASlotInTime() {
        apply(online(ANA, 1, Map.of(), "english"), 0);
        apply(created("t0", "english", null, null, 0), 0);
        apply(online(BOB, 1, Map.of(), "english"), 0);

        final List<TicketAssignment> queued = apply(created("t1", "english", null, ANA, SECOND), SECOND);
        assertThat(queued).extracting(TicketAssignment::getDecision).as("bob is free, but ana is preferred")
                .containsExactly(Decision.QUEUED);
        assertThat(queued.get(0).getExplanation().getRule()).isEqualTo("waiting-for-preferred-agent");

        final List<TicketAssignment> freed = apply(closed("t0"), 10 * SECOND);
        assertThat(freed).extracting(TicketAssignment::getTicketId, TicketAssignment::getAgentId)
                .containsExactly(tuple("t0", ANA), tuple("t1", ANA));
        assertThat(freed.get(1).getExplanation().getRule()).isEqualTo("preferred-agent");
        assertThat(state.timers.entries).isEmpty();
    }

    @Test
    void aTicketWhosePreferredAgentStaysFullGoesToAnotherAgentAfterThePreferredWait() {
        apply(online(ANA, 1, Map.of(), "english"), 0);
        apply(created("t0", "english", null, null, 0), 0);
        apply(online(BOB, 1, Map.of(), "english"), 0);
        apply(created("t1", "english", null, ANA, SECOND), SECOND);

        assertThat(timers(31 * SECOND - 1)).isEmpty();
        final List<TicketAssignment> after = timers(31 * SECOND);
        assertThat(after).extracting(TicketAssignment::getTicketId, TicketAssignment::getAgentId)
                .containsExactly(tuple("t1", BOB));
        assertThat(after.get(0).getReason()).contains("preferred agent " + ANA);
    }

    @Test
    void aTicketWhosePreferredWaitEndsAsAnotherOfferExpiresIsGivenFirstWhenItIsMoreUrgent() {
        offers = new OfferProperties(Duration.ofSeconds(10), null, 1);
        apply(created("t-young", "english", null, null, 4), 4);
        apply(online(ANA, 1, Map.of(), "english"), 5);  // offered t-young, which ana lets expire (then ana is away)
        apply(online(BOB, 1, Map.of(), "english"), 6);
        assertThat(apply(created("t-old", "english", null, ANA, 0), 7)).extracting(TicketAssignment::getDecision)
                .as("bob is free, but ana is preferred").containsExactly(Decision.QUEUED);

        // both timers fall due in one run: ana's offer expires, and t-old's wait for ana ends
        final List<TicketAssignment> after = timers(60 * SECOND);

        assertThat(after).filteredOn(decision -> decision.getOffer() == OfferStep.OFFERED)
                .extracting(TicketAssignment::getTicketId, TicketAssignment::getAgentId)
                .as("bob's one slot goes to the older ticket, whichever timer came first")
                .containsExactly(tuple("t-old", BOB));
        assertThat(state.ticket("t-young").getAgentId()).isNull();
    }

    @Test
    void aTicketWhosePreferredAgentCannotTakeItGoesToTheQueueAtOnceAndSaysWhy() {
        apply(online(BOB, 2, Map.of(), "english"), 0);
        apply(online(ANA, 1, Map.of(), "english"), 0);
        apply(offline(ANA), 0);

        assertThat(apply(created("t1", "english", null, ANA, SECOND), SECOND)).singleElement().satisfies(decision -> {
            assertThat(decision.getAgentId()).isEqualTo(BOB);
            assertThat(decision.getReason()).contains("preferred agent " + ANA + " is offline");
        });
        assertThat(apply(created("t2", "english", null, "ana", SECOND), SECOND)).singleElement().satisfies(decision -> {
            assertThat(decision.getAgentId()).isEqualTo(BOB);
            assertThat(decision.getReason()).contains("is not a UUID");
        });
    }

    @Test
    void aPreferredAgentGoingOfflineSendsTheTicketsWaitingForItToTheQueueAtOnce() {
        apply(online(ANA, 1, Map.of(), "english"), 0);
        apply(created("t0", "english", null, null, 0), 0);
        apply(online(BOB, 1, Map.of(), "english"), 0);
        apply(created("t1", "english", null, ANA, SECOND), SECOND);

        assertThat(apply(offline(ANA), 2 * SECOND)).extracting(TicketAssignment::getTicketId,
                TicketAssignment::getAgentId).containsExactly(tuple("t1", BOB));
        assertThat(state.timers.entries).isEmpty();
    }

    @Test
    void anAgentWithASlotForEmailOnlyGetsTheNextEmailNotTheNextChat() {
        apply(online(ANA, Map.of("chat", 1, "email", 1), "english"), 0);
        assertThat(apply(created("c1", "english", "chat", null, 1), 1)).extracting(TicketAssignment::getAgentId)
                .containsExactly(ANA);

        assertThat(apply(created("c2", "english", "chat", null, 2), 2)).extracting(TicketAssignment::getDecision)
                .containsExactly(Decision.QUEUED);
        assertThat(apply(created("e1", "english", "Email", null, 3), 3)).extracting(TicketAssignment::getAgentId)
                .containsExactly(ANA);
        assertThat(state.agent(ANA).getTickets()).containsExactly("c1", "e1");
    }

    @Test
    void anAgentFreeingAnEmailSlotTakesTheOldestEmailPastOlderChats() {
        apply(online(BOB, Map.of("chat", 1, "email", 1), "english"), 0);
        apply(created("c0", "english", "chat", null, 0), 0);
        apply(created("e0", "english", "email", null, 0), 0);
        for (int i = 1; i <= 5; i++) {
            apply(created("c" + i, "english", "chat", null, i), i);
        }
        apply(created("e1", "english", "email", null, 10), 10);

        assertThat(apply(closed("e0"), 20)).extracting(TicketAssignment::getTicketId, TicketAssignment::getAgentId)
                .containsExactly(tuple("e0", BOB), tuple("e1", BOB));
    }

    @Test
    void anAgentWithoutCapacityForAChannelNeverGetsItsTickets() {
        apply(online(ANA, Map.of("chat", 2), "english"), 0);
        assertThat(apply(created("v1", "english", "voice", null, 1), 1)).extracting(TicketAssignment::getDecision)
                .containsExactly(Decision.QUEUED);
        assertThat(apply(created("t1", "english", null, null, 2), 2)).as("no channel counts as chat")
                .extracting(TicketAssignment::getAgentId).containsExactly(ANA);
    }

    @Test
    void theAgentOrderChoosesAmongTheEligibleAgents() {
        // bob: 2 free slots, came online first; ana: 3 free slots, level 5
        routing = order(AgentOrder.MOST_FREE);
        assertThat(firstChoice()).isEqualTo(tuple(ANA, "most-free-capacity"));
        routing = order(AgentOrder.LONGEST_IDLE);
        assertThat(firstChoice()).isEqualTo(tuple(BOB, "longest-idle"));
        routing = order(AgentOrder.BEST_LEVEL);
        assertThat(firstChoice()).isEqualTo(tuple(ANA, "best-level"));
    }

    private org.assertj.core.groups.Tuple firstChoice() {
        final InMemoryPoolState fresh = new InMemoryPoolState();
        apply(fresh, online(BOB, 2, Map.of("english", 2), "english"), 0);
        apply(fresh, online(ANA, 3, Map.of("english", 5), "english"), SECOND);
        final TicketAssignment decision = apply(fresh, created("t1", "english", null, null, 2 * SECOND), 2 * SECOND)
                .get(0);
        return tuple(decision.getAgentId(), decision.getExplanation().getRule());
    }

    @Test
    void stepListsThatCannotWorkAreRefusedNamingTheSetting() {
        assertRefused(() -> steps("english", new Step(Duration.ofSeconds(5), null, null)),
                "chat-ticket.routing.queues.english.steps[0].after must be 0s");
        assertRefused(() -> steps("english", new Step(null, 1, null), new Step(Duration.ofSeconds(20), 3, null)),
                "steps[1].min-level (3) is above the step before it");
        assertRefused(() -> steps("english", new Step(null, 1, null), new Step(Duration.ofSeconds(-1), 1, null)),
                "steps[1].after must be between 0s and");
        assertRefused(() -> steps("english", new Step(null, 6, null)), "steps[0].min-level must be between 1 and 5");
        assertRefused(() -> steps("english", new Step(null, 4, null), new Step(Duration.ofSeconds(20), 1, null),
                new Step(Duration.ofSeconds(10), 1, null)), "steps[2].after (PT10S) must be later than");
        assertRefused(() -> steps("english", new Step(null, 1, null), null), "steps[1] is missing");
        assertThat(steps("english", null, new Step(Duration.ofSeconds(9), 1, List.of("vip"))).steps("english"))
                .as("step 0 unset: every agent of the queue at once").hasSize(2);
        assertRefused(() -> steps("english", new Step(null, 1, List.of("spanish"))).requireOverflowInPools(
                new Pools(Map.of("emea", List.of("english"), "latam", List.of("spanish")))),
                "steps[0].also-queues names spanish, which pool latam decides");
    }

    private static void assertRefused(final Runnable setting, final String message) {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(setting::run)
                .withMessageContaining(message);
    }

    private static RoutingProperties steps(final String queue, final Step... steps) {
        return new RoutingProperties(null, null, Map.of(queue, new QueueRouting(java.util.Arrays.asList(steps),
                null)));
    }

    private static RoutingProperties order(final AgentOrder order) {
        return new RoutingProperties(order, null, null);
    }

    private List<TicketAssignment> apply(final PoolEvent event, final long at) {
        return apply(state, event, at);
    }

    private List<TicketAssignment> apply(final InMemoryPoolState pool, final PoolEvent event, final long at) {
        return new AssignmentEngine(RULES, offers, routing, Pools.DEFAULT_POOL, pool,
                Instant.ofEpochMilli(at)).apply(event);
    }

    private List<TicketAssignment> timers(final long at) {
        return new AssignmentEngine(RULES, offers, routing, Pools.DEFAULT_POOL, state,
                Instant.ofEpochMilli(at)).fireTimers(100);
    }

    private static PoolEvent created(final String id, final String queue, final String channel,
            final String preferred, final long createdAt) {
        final TicketCreated ticket = TopologyHarness.ticket(id, queue, 2, createdAt);
        ticket.setChannel(channel);
        ticket.setPreferredAgentId(preferred);
        return PoolEvents.created(ticket, null);
    }

    private static PoolEvent closed(final String ticket) {
        return PoolEvents.statusChanged(TicketStatusChanged.newBuilder().setTicketId(ticket)
                .setStatus(TicketStatus.CLOSED).setTime(Instant.EPOCH).build());
    }

    private PoolEvent online(final String agent, final int capacity, final Map<String, Integer> levels,
            final String... queues) {
        return agent(agent, AgentStatus.ONLINE, capacity, levels, Map.of(), queues);
    }

    private PoolEvent online(final String agent, final Map<String, Integer> channels, final String... queues) {
        return agent(agent, AgentStatus.ONLINE, channels.values().stream().mapToInt(Integer::intValue).sum(),
                Map.of(), channels, queues);
    }

    private PoolEvent offline(final String agent) {
        return agent(agent, AgentStatus.OFFLINE, 1, Map.of(), Map.of(), "english");
    }

    private PoolEvent agent(final String agent, final AgentStatus status, final int capacity,
            final Map<String, Integer> levels, final Map<String, Integer> channels, final String... queues) {
        return PoolEvents.agent(AgentStatusChanged.newBuilder().setAgentId(agent).setStatus(status)
                .setTime(Instant.EPOCH).setStatusSince(Instant.EPOCH).setQueues(List.of(queues)).setCapacity(capacity)
                .setQueueLevels(levels).setChannelCapacity(channels).build(), List.of(), ++version);
    }
}
