package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.state.AgentReady;
import net.oneview.chatticket.state.PoolEvent;
import org.junit.jupiter.api.Test;

/**
 * The states of an agent besides online and offline: wrapping up a closed ticket (its slot stays taken), finishing
 * its tickets before going offline (it gets nothing new, and goes offline by itself after the last), and the pending
 * offers of an agent that stops getting tickets (withdrawn, on to the next agent).
 */
class AssignmentEngineAgentStatesTest {

    /** A 10 ms wrap-up; the queue "chat" has none. */
    private static final AssignmentProperties RULES = new AssignmentProperties(null, null, null, null, Duration.ZERO,
            null, null, null, null, null, null, Duration.ofMillis(10), Map.of("chat", Duration.ZERO));
    private static final OfferProperties OFFERS = new OfferProperties(Duration.ofMillis(10), null, null);

    private final InMemoryPoolState state = new InMemoryPoolState();
    private AssignmentEngine engine;

    @Test
    void aClosedTicketKeepsItsSlotUntilTheWrapUpEndsThenTheAgentTakesTheNext() {
        apply(OfferProperties.off(), online("ana", 1, null), 1);
        apply(OfferProperties.off(), created("t1", "en", 1), 2);
        apply(OfferProperties.off(), created("t2", "en", 2), 3);

        final List<TicketAssignment> closed = apply(OfferProperties.off(), status("t1", TicketStatus.CLOSED), 4);

        assertThat(closed).extracting(TicketAssignment::getDecision).containsExactly(Decision.CLOSED);
        assertThat(closed.get(0).getReason()).contains("wrap up");
        assertThat(state.agent("ana").getWrapUps()).extracting(wrap -> wrap.getTicketId()).containsExactly("t1");
        assertThat(timers(OfferProperties.off(), 13)).as("before the wrap-up ends").isEmpty();
        assertThat(timers(OfferProperties.off(), 14)).extracting(TicketAssignment::getTicketId,
                TicketAssignment::getDecision).containsExactly(tuple("t2", Decision.ASSIGNED));
        assertThat(state.timers.entries).isEmpty();
    }

    @Test
    void readyEndsTheWrapUpsAtOnce() {
        apply(OfferProperties.off(), online("ana", 1, null), 1);
        apply(OfferProperties.off(), created("t1", "en", 1), 2);
        apply(OfferProperties.off(), created("t2", "en", 2), 3);
        apply(OfferProperties.off(), status("t1", TicketStatus.CLOSED), 4);

        final List<TicketAssignment> ready = apply(OfferProperties.off(),
                PoolEvents.ready(new AgentReady("ana", Instant.ofEpochMilli(5))), 5);

        assertThat(ready).extracting(TicketAssignment::getTicketId).containsExactly("t2");
        assertThat(state.agent("ana").getWrapUps()).isEmpty();
        assertThat(state.timers.entries).isEmpty();
    }

    @Test
    void aQueueWithoutWrapUpFreesTheSlotAtOnce() {
        apply(OfferProperties.off(), online("ana", 1, null), 1);
        apply(OfferProperties.off(), created("t1", "chat", 1), 2);
        apply(OfferProperties.off(), created("t2", "chat", 2), 3);

        assertThat(apply(OfferProperties.off(), status("t1", TicketStatus.CLOSED), 4))
                .extracting(TicketAssignment::getTicketId).containsExactly("t1", "t2");
    }

    @Test
    void anAgentFinishingItsTicketsGetsNothingNewAndGoesOfflineAfterTheLast() {
        apply(OfferProperties.off(), online("ana", 2, null), 1);
        apply(OfferProperties.off(), created("t1", "chat", 1), 2);

        apply(OfferProperties.off(), online("ana", 2, AgentStatus.OFFLINE), 3);

        assertThat(apply(OfferProperties.off(), created("t2", "chat", 4), 4)).extracting(TicketAssignment::getDecision)
                .as("ana has a free slot, but finishes").containsExactly(Decision.QUEUED);
        assertThat(engine.statusChanges()).isEmpty();
        final List<TicketAssignment> closed = apply(OfferProperties.off(), status("t1", TicketStatus.CLOSED), 5);
        assertThat(closed).extracting(TicketAssignment::getTicketId).containsExactly("t1");
        assertThat(engine.statusChanges()).singleElement().satisfies(set -> {
            assertThat(set.getAgentStatus().getStatus()).isEqualTo(AgentStatus.OFFLINE);
            assertThat(set.getAgentStatus().getReason()).contains("last ticket");
            assertThat(set.getStatusFromPool()).isTrue();
            assertThat(set.getStatusVersion()).isEqualTo(2);
        });
        assertThat(state.agent("ana").getOnline()).isFalse();
        assertThat(state.agent("ana").getWrapUps()).as("no wrap-up for an agent going offline").isEmpty();
    }

    @Test
    void anAgentFinishingWithNoTicketGoesOfflineAtOnceAndOnlineAgainCancelsFinishing() {
        apply(OfferProperties.off(), online("ana", 2, null), 1);
        apply(OfferProperties.off(), online("ana", 2, AgentStatus.OFFLINE), 2);
        assertThat(engine.statusChanges()).extracting(set -> set.getAgentStatus().getStatus())
                .containsExactly(AgentStatus.OFFLINE);

        apply(OfferProperties.off(), online("bob", 1, null), 3);
        apply(OfferProperties.off(), created("t1", "chat", 4), 4);
        apply(OfferProperties.off(), online("bob", 1, AgentStatus.OFFLINE), 5);
        apply(OfferProperties.off(), online("bob", 1, null), 6);
        assertThat(state.agent("bob").getFinishing()).isFalse();
        assertThat(apply(OfferProperties.off(), status("t1", TicketStatus.CLOSED), 7)).hasSize(1);
        assertThat(engine.statusChanges()).as("bob is online again: it stays").isEmpty();
    }

    @Test
    void theOffersOfAnAgentThatGoesOfflineOrFinishesGoToTheNextAgentAtOnce() {
        apply(OFFERS, online("ana", 1, null), 1);
        apply(OFFERS, created("t1", "chat", 1), 2);
        apply(OFFERS, online("bob", 1, null), 3);

        final List<TicketAssignment> finishing = apply(OFFERS, online("ana", 1, AgentStatus.OFFLINE), 4);

        assertThat(finishing).extracting(TicketAssignment::getDecision, TicketAssignment::getOffer,
                TicketAssignment::getAgentId).containsExactly(tuple(Decision.REQUEUED, null, "ana"),
                tuple(Decision.QUEUED, OfferStep.OFFERED, "bob"));
        assertThat(engine.statusChanges()).as("ana held nothing once its offer was withdrawn: offline")
                .extracting(set -> set.getAgentStatus().getStatus()).containsExactly(AgentStatus.OFFLINE);
        assertThat(state.ticket("t1").getPassedBy()).as("a withdrawn offer is not passed").isEmpty();

        final List<TicketAssignment> offline = apply(OFFERS, offline("bob"), 5);
        assertThat(offline).extracting(TicketAssignment::getDecision, TicketAssignment::getAgentId)
                .containsExactly(tuple(Decision.REQUEUED, "bob"));
        assertThat(state.ticket("t1").getAgentId()).isNull();
    }

    @Test
    void anAgentSetAwayHasItsOtherOffersWithdrawn() {
        apply(OFFERS, online("ana", 2, null), 1);
        apply(OFFERS, created("t1", "chat", 1), 2);
        apply(OFFERS, created("t2", "chat", 2), 5);
        apply(OFFERS, online("bob", 2, null), 6);

        final List<TicketAssignment> expired = timers(OFFERS, 12);

        assertThat(expired).extracting(TicketAssignment::getTicketId, TicketAssignment::getOffer,
                TicketAssignment::getAgentId).containsExactly(tuple("t1", OfferStep.EXPIRED, "ana"),
                tuple("t2", null, "ana"), tuple("t1", OfferStep.OFFERED, "bob"), tuple("t2", OfferStep.OFFERED, "bob"));
        assertThat(state.agent("ana").getTickets()).isEmpty();
        assertThat(state.ticket("t2").getPassedBy()).isEmpty();
    }

    private List<TicketAssignment> apply(final OfferProperties offers, final PoolEvent event, final long at) {
        return engine(offers, at).apply(event);
    }

    private List<TicketAssignment> timers(final OfferProperties offers, final long at) {
        return engine(offers, at).fireTimers(100);
    }

    private AssignmentEngine engine(final OfferProperties offers, final long at) {
        engine = new AssignmentEngine(RULES, offers, Pools.DEFAULT_POOL, state, Instant.ofEpochMilli(at));
        return engine;
    }

    private static PoolEvent created(final String id, final String queue, final long createdAt) {
        return PoolEvents.created(TopologyHarness.ticket(id, queue, 2, createdAt), null);
    }

    private static PoolEvent status(final String ticket, final TicketStatus status) {
        return PoolEvents.statusChanged(TicketStatusChanged.newBuilder().setTicketId(ticket).setStatus(status)
                .setTime(Instant.EPOCH).build());
    }

    private long version;

    private PoolEvent online(final String agent, final int capacity, final AgentStatus next) {
        return agent(agent, AgentStatus.ONLINE, capacity, next);
    }

    private PoolEvent offline(final String agent) {
        return agent(agent, AgentStatus.OFFLINE, 1, null);
    }

    private PoolEvent agent(final String agent, final AgentStatus status, final int capacity, final AgentStatus next) {
        return PoolEvents.agent(AgentStatusChanged.newBuilder().setAgentId(agent).setStatus(status)
                .setTime(Instant.EPOCH).setStatusSince(Instant.EPOCH).setQueues(List.of()).setCapacity(capacity)
                .setNextStatus(next).build(), List.of(), ++version);
    }
}
