package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
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

    private List<TicketAssignment> apply(final PriorityOrder order, final PoolEvent event, final long at) {
        return new AssignmentEngine(new AssignmentProperties(order, null, null), Pools.DEFAULT_POOL, state, Instant.ofEpochMilli(at))
                .apply(event);
    }

    private static PoolEvent online(final String agent) {
        return new PoolEvent(null, null, AgentStatusChanged.newBuilder().setAgentId(agent).setStatus(AgentStatus.ONLINE)
                .setTime(Instant.EPOCH).setStatusSince(Instant.EPOCH).setQueues(List.of("en")).setCapacity(1).build(), false);
    }
}
