package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead letter that its pool could not apply is sent back to the pool's input, past the router and the agent's task
 * ({@code make replay-dead-letters}): the pool drops it when what happened since makes it outdated.
 */
class ReplayedLettersTest {

    private static final List<String> EN = List.of("en");

    @TempDir
    Path stateDir;

    private TopologyHarness topology;

    @AfterEach
    void close() {
        topology.close();
        topology.forgetRegistry();
    }

    @Test
    void aReplayedCreationOfATicketClosedMeanwhileRevivesNothing() {
        topology = new TopologyHarness(TopologyHarness.rules(), stateDir);
        final TopologyHarness t = topology;
        t.online("ana", EN, 1, 1);
        // the creation failed at the pool (a dead letter); the router still routes the ticket's close to the pool
        t.atPool(Pools.DEFAULT_POOL, PoolEvents.statusChanged(closed("lost", 20)), 20, false);
        t.decisions();

        t.atPool(Pools.DEFAULT_POOL, PoolEvents.created(TopologyHarness.ticket("lost", "en", 1, 10), null), 30,
                true);

        assertThat(t.decisionLines()).as("no phantom ticket taking ana's slot for good").isEmpty();
        assertThat(t.ticketsOf("ana")).isEmpty();
        t.created("next", "en", 1, 40);
        assertThat(t.decisionLines()).containsExactly("ASSIGNED next ana");
    }

    @Test
    void aReplayedOnlineOlderThanTheAgentsOfflineLeavesTheAgentOffline() {
        topology = new TopologyHarness(TopologyHarness.rules(), stateDir);
        final TopologyHarness t = topology;
        t.online("ana", EN, 1, 1);
        t.offline("ana", EN, 1, 30);

        t.atPool(Pools.DEFAULT_POOL, PoolEvents.agent(
                TopologyHarness.agentEvent("ana", AgentStatus.ONLINE, EN, 1, 20), List.of()), 40, true);
        t.created("t1", "en", 1, 50);

        assertThat(t.decisionLines()).containsExactly("QUEUED t1");
    }

    @Test
    void aReplayedEventThatIsNotOutdatedIsApplied() {
        topology = new TopologyHarness(TopologyHarness.rules(), stateDir);
        final TopologyHarness t = topology;
        t.online("ana", EN, 1, 1);

        t.atPool(Pools.DEFAULT_POOL, PoolEvents.created(TopologyHarness.ticket("late", "en", 1, 10), null), 30,
                true);

        assertThat(t.decisionLines()).containsExactly("ASSIGNED late ana");
    }

    private static TicketStatusChanged closed(final String ticket, final long at) {
        return TicketStatusChanged.newBuilder().setTicketId(ticket).setStatus(TicketStatus.CLOSED)
                .setStatusReason("closed by workflow").setTime(Instant.ofEpochMilli(at)).build();
    }
}
