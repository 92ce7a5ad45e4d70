package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.assignment.AssignmentProperties.OfflinePolicy;
import net.oneview.chatticket.assignment.AssignmentProperties.PriorityOrder;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.PoolEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Engine cases that need state to outlive a configuration change, which TopologyTestDriver cannot restart with, and
 * what a pool sends back to the agents' tasks and to the router.
 */
class AssignmentEngineTest {

    /** The rules before the queue vip got a pool of its own, and after. */
    private static final AssignmentProperties ONE_POOL = rules(OfflinePolicy.KEEP, Map.of());
    private static final AssignmentProperties VIP_POOL = rules(OfflinePolicy.KEEP, Map.of("vip", List.of("vip")));

    private final InMemoryPoolState state = new InMemoryPoolState();
    private AssignmentEngine engine;

    @Test
    void aTicketWaitingUnderOnePriorityOrderLeavesTheBacklogOnceAfterTheOrderChanged() {
        apply(PriorityOrder.ASCENDING, created("t1", "en"), 1);

        final List<TicketAssignment> first = apply(PriorityOrder.DESCENDING, online("ana", List.of(), 1), 2);
        final List<TicketAssignment> second = apply(PriorityOrder.DESCENDING, online("budi", List.of(), 1), 3);

        assertThat(first).extracting(TicketAssignment::getDecision).containsExactly(Decision.ASSIGNED);
        assertThat(second).isEmpty();
        assertThat(state.waiting.entries).isEmpty();
    }

    @Test
    void anAgentListingAQueueTwiceTakesEachWaitingTicketOnce() {
        apply(ONE_POOL, created("t1", "en"), 1);

        final List<TicketAssignment> decisions = apply(ONE_POOL, PoolEvents.agent(agent("ana", AgentStatus.ONLINE,
                List.of("en", "en"), 2), List.of()), 2);

        assertThat(decisions).extracting(TicketAssignment::getDecision, TicketAssignment::getTicketId)
                .containsExactly(tuple(Decision.ASSIGNED, "t1"));
        assertThat(state.agent("ana").getTickets()).containsExactly("t1");
        assertThat(state.onlineAgents("en")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(OfflinePolicy.class)
    void anAgentLeavingForAnotherPoolKeepsItsTicketsAndItsReleaseSaysWhich(final OfflinePolicy policy) {
        final AssignmentProperties rules = rules(policy, Map.of());
        apply(rules, online("ana", List.of(), 2), 1);
        apply(rules, created("t1", "en"), 2);

        final List<TicketAssignment> decisions = apply(rules, PoolEvents.leave(agent("ana", AgentStatus.ONLINE,
                List.of("vip"), 2)), 3);

        assertThat(decisions).isEmpty();
        assertThat(state.agent("ana").getTickets()).containsExactly("t1");
        assertThat(state.agent("ana").getOnline()).isFalse();
        assertThat(state.onlineAgents("*")).isZero();
        assertThat(engine.releases()).singleElement().satisfies(release -> {
            assertThat(release.getLeavesPool()).isTrue();
            assertThat(release.getFromPool()).isEqualTo(Pools.DEFAULT_POOL);
            assertThat(release.getKeptTickets()).containsExactly("t1");
        });
    }

    @Test
    void aTicketKeptForAnAgentThatLeftIsEscalatedAndClosedThereAndThePoolSaysWhatItStillKeeps() {
        apply(ONE_POOL, online("ana", List.of(), 2), 1);
        apply(ONE_POOL, created("t1", "en"), 2);
        apply(ONE_POOL, created("t2", "en"), 3);
        apply(ONE_POOL, PoolEvents.leave(agent("ana", AgentStatus.ONLINE, List.of("vip"), 2)), 4);

        final List<TicketAssignment> escalated = apply(ONE_POOL, status("t1", TicketStatus.ESCALATED), 5);
        final List<TicketAssignment> closed = apply(ONE_POOL, status("t1", TicketStatus.CLOSED), 6);

        assertThat(escalated).extracting(TicketAssignment::getDecision, TicketAssignment::getAgentId)
                .containsExactly(tuple(Decision.STATUS_CHANGED, "ana"));
        assertThat(closed).extracting(TicketAssignment::getDecision, TicketAssignment::getAgentId)
                .containsExactly(tuple(Decision.CLOSED, "ana"));
        assertThat(engine.releases()).singleElement().satisfies(change -> {
            assertThat(change.getLeavesPool()).as("not a release: the agent left before").isFalse();
            assertThat(change.getFromPool()).isEqualTo(Pools.DEFAULT_POOL);
            assertThat(change.getKeptTickets()).containsExactly("t2");
        });
    }

    @Test
    void ticketsAnAgentHoldsInPoolsItLeftTakeItsCapacity() {
        apply(ONE_POOL, created("t1", "en"), 1);
        apply(ONE_POOL, created("t2", "en"), 2);

        final List<TicketAssignment> first = apply(ONE_POOL, PoolEvents.agent(agent("ana", AgentStatus.ONLINE,
                List.of(), 2), List.of("kept-elsewhere")), 3);
        final List<TicketAssignment> second = apply(ONE_POOL, PoolEvents.agent(agent("ana", AgentStatus.ONLINE,
                List.of(), 2), List.of()), 4);

        assertThat(first).extracting(TicketAssignment::getTicketId).containsExactly("t1");
        assertThat(second).extracting(TicketAssignment::getTicketId).as("once the kept ticket is closed")
                .containsExactly("t2");
    }

    @Test
    void anAgentThatLeftAndGoesOfflineUnderRequeueGivesItsKeptTicketsBack() {
        final AssignmentProperties requeue = rules(OfflinePolicy.REQUEUE, Map.of());
        apply(requeue, online("ana", List.of(), 1), 1);
        apply(requeue, created("t1", "en"), 2);
        apply(requeue, PoolEvents.leave(agent("ana", AgentStatus.ONLINE, List.of("vip"), 1)), 3);

        final List<TicketAssignment> decisions = apply(requeue, PoolEvents.leave(agent("ana", AgentStatus.OFFLINE,
                List.of("vip"), 1)), 4);

        assertThat(decisions).extracting(TicketAssignment::getDecision, TicketAssignment::getTicketId)
                .containsExactly(tuple(Decision.REQUEUED, "t1"));
        assertThat(engine.releases()).singleElement().satisfies(change -> {
            assertThat(change.getLeavesPool()).isFalse();
            assertThat(change.getKeptTickets()).isEmpty();
        });
    }

    @Test
    void theWaitingTicketsOfAQueueMovedToAnotherPoolAreHandedOverWithTheirStatus() {
        apply(ONE_POOL, created("vip-1", "vip"), 1);
        apply(ONE_POOL, status("vip-1", TicketStatus.ESCALATED), 2);
        apply(ONE_POOL, created("en-1", "en"), 3);

        final List<PoolEvent> handovers = new AssignmentEngine(VIP_POOL, Pools.DEFAULT_POOL, state,
                Instant.ofEpochMilli(4)).handOverQueuesOfOtherPools(List.of("en", "vip"));

        assertThat(handovers).singleElement().satisfies(handover -> {
            assertThat(handover.getTicketCreated().getId()).isEqualTo("vip-1");
            assertThat(handover.getTicketStatus().getStatus()).isEqualTo(TicketStatus.ESCALATED);
            assertThat(handover.getFromPool()).isEqualTo(Pools.DEFAULT_POOL);
            assertThat(handover.getToPool()).isEqualTo("vip");
        });
        assertThat(state.tickets).containsOnlyKeys("en-1");
        assertThat(state.waiting.entries).doesNotContainValue("vip-1");
    }

    @Test
    void aTicketRequeuedForAQueueMovedToAnotherPoolGoesThere() {
        final AssignmentProperties before = rules(OfflinePolicy.REQUEUE, Map.of());
        final AssignmentProperties after = rules(OfflinePolicy.REQUEUE, Map.of("vip", List.of("vip")));
        apply(before, online("ana", List.of("en", "vip"), 2), 1);
        apply(before, created("vip-1", "vip"), 2);

        final List<TicketAssignment> decisions = apply(after, PoolEvents.agent(agent("ana", AgentStatus.OFFLINE,
                List.of("en", "vip"), 2), List.of()), 3);

        assertThat(decisions).extracting(TicketAssignment::getDecision, TicketAssignment::getAgentId)
                .containsExactly(tuple(Decision.REQUEUED, "ana"));
        assertThat(engine.handovers()).singleElement()
                .satisfies(handover -> assertThat(handover.getToPool()).isEqualTo("vip"));
        assertThat(state.tickets).isEmpty();
    }

    @Test
    void aNewTicketOfAQueueAnotherPoolDecidesIsHandedOverAndOneHandedOverIsKept() {
        apply(VIP_POOL, created("vip-1", "vip"), 1);
        assertThat(engine.handovers()).singleElement()
                .satisfies(handover -> assertThat(handover.getToPool()).isEqualTo("vip"));

        final PoolEvent handedOver = engine.handovers().get(0);
        final List<TicketAssignment> decisions = apply(ONE_POOL, handedOver, 2);  // another instance's pools

        assertThat(decisions).extracting(TicketAssignment::getDecision).containsExactly(Decision.QUEUED);
        assertThat(decisions.get(0).getReason()).contains("moved here from pool default");
        assertThat(engine.handovers()).isEmpty();
    }

    @Test
    void aStatusForATicketThatIsNotHereGoesBackToTheRouterOnce() {
        apply(ONE_POOL, status("gone", TicketStatus.ESCALATED), 1);
        assertThat(engine.handovers()).singleElement()
                .satisfies(back -> assertThat(back.getFromPool()).isEqualTo(Pools.DEFAULT_POOL));

        apply(ONE_POOL, engine.handovers().get(0), 2);

        assertThat(engine.handovers()).as("sent back once only").isEmpty();
    }

    private List<TicketAssignment> apply(final AssignmentProperties rules, final PoolEvent event, final long at) {
        engine = new AssignmentEngine(rules, Pools.DEFAULT_POOL, state, Instant.ofEpochMilli(at));
        return engine.apply(event);
    }

    private List<TicketAssignment> apply(final PriorityOrder order, final PoolEvent event, final long at) {
        return apply(new AssignmentProperties(order, null, null), event, at);
    }

    private static AssignmentProperties rules(final OfflinePolicy policy, final Map<String, List<String>> pools) {
        return new AssignmentProperties(null, policy, pools).withArrivalWindow(Duration.ZERO);
    }

    private static PoolEvent created(final String id, final String queue) {
        return PoolEvents.created(TopologyHarness.ticket(id, queue, 2, 1), null);
    }

    private static PoolEvent status(final String ticket, final TicketStatus status) {
        return PoolEvents.statusChanged(TicketStatusChanged.newBuilder().setTicketId(ticket).setStatus(status)
                .setTime(Instant.EPOCH).build());
    }

    private static PoolEvent online(final String agent, final List<String> queues, final int capacity) {
        return PoolEvents.agent(agent(agent, AgentStatus.ONLINE, queues, capacity), List.of());
    }

    private static AgentStatusChanged agent(final String agent, final AgentStatus status, final List<String> queues,
            final int capacity) {
        return AgentStatusChanged.newBuilder().setAgentId(agent).setStatus(status).setTime(Instant.EPOCH)
                .setStatusSince(Instant.EPOCH).setQueues(queues).setCapacity(capacity).build();
    }
}
