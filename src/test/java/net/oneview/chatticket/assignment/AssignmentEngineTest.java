package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.assignment.AssignmentProperties.OfflinePolicy;
import net.oneview.chatticket.assignment.AssignmentProperties.PriorityOrder;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.PoolEvent;
import org.junit.jupiter.api.Test;

/** Engine cases that need state to outlive a configuration change, which TopologyTestDriver cannot restart with. */
class AssignmentEngineTest {

    private final InMemoryPoolState state = new InMemoryPoolState();

    @Test
    void aTicketWaitingUnderOnePriorityOrderLeavesTheBacklogOnceAfterTheOrderChanged() {
        apply(PriorityOrder.ASCENDING, new PoolEvent(TopologyHarness.ticket("t1", "en", 2, 1), null, null, false), 1);

        final List<TicketAssignment> first = apply(PriorityOrder.DESCENDING, online("ana"), 2);
        final List<TicketAssignment> second = apply(PriorityOrder.DESCENDING, online("budi"), 3);

        assertThat(first).extracting(TicketAssignment::getDecision).containsExactly(Decision.ASSIGNED);
        assertThat(second).isEmpty();
        assertThat(state.waiting.entries).isEmpty();
    }

    @Test
    void anOfflineAgentThatKeepsItsTicketsLeavesThemWhenAConfigurationChangeMovesItToAnotherPool() {
        final AssignmentProperties keep = new AssignmentProperties(null, OfflinePolicy.KEEP, null)
                .withArrivalWindow(Duration.ZERO);
        apply(keep, online("ana"), 1);
        apply(keep, new PoolEvent(TopologyHarness.ticket("t1", "en", 2, 1), null, null, false), 2);
        apply(keep, status("ana", AgentStatus.OFFLINE, false), 3);
        assertThat(state.agent("ana").getTickets()).containsExactly("t1");

        // same queues and capacity as before: only the pools' configuration changed
        final List<TicketAssignment> left = apply(keep, status("ana", AgentStatus.OFFLINE, true), 4);

        assertThat(left).extracting(TicketAssignment::getDecision, TicketAssignment::getTicketId)
                .containsExactly(tuple(Decision.REQUEUED, "t1"));
        assertThat(state.agent("ana").getTickets()).isEmpty();
        assertThat(state.waiting.entries).containsValue("t1");
    }

    @Test
    void anAgentListingAQueueTwiceTakesEachWaitingTicketOnce() {
        final AssignmentProperties rules = TopologyHarness.rules();
        apply(rules, new PoolEvent(TopologyHarness.ticket("t1", "en", 1, 1), null, null, false), 1);

        final List<TicketAssignment> decisions = apply(rules, new PoolEvent(null, null, AgentStatusChanged.newBuilder()
                .setAgentId("ana").setStatus(AgentStatus.ONLINE).setTime(Instant.EPOCH).setStatusSince(Instant.EPOCH)
                .setQueues(List.of("en", "en")).setCapacity(2).build(), false), 2);

        assertThat(decisions).extracting(TicketAssignment::getDecision, TicketAssignment::getTicketId)
                .containsExactly(tuple(Decision.ASSIGNED, "t1"));
        assertThat(state.agent("ana").getTickets()).containsExactly("t1");
        assertThat(state.onlineAgents("en")).isEqualTo(1);
    }

    private List<TicketAssignment> apply(final AssignmentProperties rules, final PoolEvent event, final long at) {
        return new AssignmentEngine(rules, Pools.DEFAULT_POOL, state, Instant.ofEpochMilli(at)).apply(event);
    }

    private List<TicketAssignment> apply(final PriorityOrder order, final PoolEvent event, final long at) {
        return new AssignmentEngine(new AssignmentProperties(order, null, null), Pools.DEFAULT_POOL, state, Instant.ofEpochMilli(at))
                .apply(event);
    }

    private static PoolEvent online(final String agent) {
        return status(agent, AgentStatus.ONLINE, false);
    }

    private static PoolEvent status(final String agent, final AgentStatus status, final boolean leavesPool) {
        return new PoolEvent(null, null, AgentStatusChanged.newBuilder().setAgentId(agent).setStatus(status)
                .setTime(Instant.EPOCH).setStatusSince(Instant.EPOCH).setQueues(List.of("en")).setCapacity(1).build(),
                leavesPool);
    }
}
