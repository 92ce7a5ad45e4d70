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
import net.oneview.chatticket.state.OfferReply;
import net.oneview.chatticket.state.PoolEvent;
import org.junit.jupiter.api.Test;

/** The engine with offers on: a ticket is offered, then accepted, declined or left to expire. */
class AssignmentEngineOffersTest {

    private static final AssignmentProperties RULES = AssignmentProperties.defaults().withArrivalWindow(Duration.ZERO);
    /** Offers of 10 ms; the queue "fast" has none: its tickets are assigned at once. */
    private static final OfferProperties OFFERS = new OfferProperties(Duration.ofMillis(10),
            Map.of("fast", Duration.ZERO), null);

    private final InMemoryPoolState state = new InMemoryPoolState();
    private AssignmentEngine engine;

    @Test
    void aTicketIsOfferedToTheAgentItWouldHaveBeenAssignedToAndTakesItsSlot() {
        apply(online("ana", 1), 1);

        final List<TicketAssignment> decisions = apply(created("t1", "en", 1), 2);

        assertThat(decisions).singleElement().satisfies(offered -> {
            assertThat(offered.getDecision()).isEqualTo(Decision.QUEUED);
            assertThat(offered.getOffer()).isEqualTo(OfferStep.OFFERED);
            assertThat(offered.getAgentId()).isEqualTo("ana");
            assertThat(offered.getOfferExpiresAt()).isEqualTo(Instant.ofEpochMilli(12));
        });
        assertThat(state.agent("ana").getTickets()).containsExactly("t1");
        assertThat(state.available.entries).as("ana's one slot is taken by the offer").isEmpty();
        assertThat(apply(created("t2", "en", 2), 3)).extracting(TicketAssignment::getDecision)
                .containsExactly(Decision.QUEUED);
        assertThat(expireAt(11)).as("nothing expires before its time").isEmpty();
    }

    @Test
    void aQueueWithoutOffersAssignsAtOnce() {
        apply(online("ana", 1), 1);

        assertThat(apply(created("t1", "fast", 1), 2)).extracting(TicketAssignment::getDecision,
                TicketAssignment::getOffer).containsExactly(tuple(Decision.ASSIGNED, null));
    }

    @Test
    void anAcceptedOfferIsAnAssignmentAndAcceptingAgainChangesNothing() {
        apply(online("ana", 1), 1);
        apply(created("t1", "en", 1), 2);

        final List<TicketAssignment> accepted = apply(reply("ana", "t1", true, null, 5), 5);

        assertThat(accepted).extracting(TicketAssignment::getDecision, TicketAssignment::getOffer,
                TicketAssignment::getAgentId).containsExactly(tuple(Decision.ASSIGNED, OfferStep.ACCEPTED, "ana"));
        assertThat(state.timers.entries).isEmpty();
        assertThat(apply(reply("ana", "t1", true, null, 6), 6)).isEmpty();
        assertThat(expireAt(100)).as("an accepted ticket does not expire").isEmpty();
    }

    @Test
    void aDeclinedTicketGoesToTheNextAgentAtOnceAndNeverBackToTheDecliner() {
        apply(online("ana", 2), 1);
        apply(online("budi", 1), 2);
        apply(created("t1", "en", 1), 3);  // to ana: most free capacity

        final List<TicketAssignment> decisions = apply(reply("ana", "t1", false, "on a call", 4), 4);

        assertThat(decisions).extracting(TicketAssignment::getDecision, TicketAssignment::getOffer,
                TicketAssignment::getAgentId).containsExactly(tuple(Decision.REQUEUED, OfferStep.DECLINED, "ana"),
                tuple(Decision.QUEUED, OfferStep.OFFERED, "budi"));
        assertThat(decisions.get(0).getReason()).contains("on a call");
        apply(reply("budi", "t1", false, null, 5), 5);
        assertThat(state.ticket("t1").getAgentId()).as("ana, free, is not offered it again").isNull();
        assertThat(state.waiting.entries).containsValue("t1");
    }

    @Test
    void aPassedTicketKeepsItsPlaceAheadOfYoungerOnes() {
        apply(online("ana", 1), 1);
        apply(created("old", "en", 1), 2);
        apply(created("young", "en", 3), 3);
        apply(online("budi", 0), 4);

        apply(reply("ana", "old", false, null, 5), 5);  // ana takes young, old waits for another agent
        final List<TicketAssignment> decisions = apply(online("budi", 1), 6);

        assertThat(decisions).extracting(TicketAssignment::getTicketId, TicketAssignment::getAgentId)
                .containsExactly(tuple("old", "budi"));
    }

    @Test
    void anExpiredOfferGoesToTheNextAgentAndSetsTheAgentThatMissedItAwayUntilItIsOnlineAgain() {
        apply(online("ana", 2), 1);
        apply(online("budi", 1), 2);
        apply(created("t1", "en", 1), 3);

        final List<TicketAssignment> expired = expireAt(13);

        assertThat(expired).extracting(TicketAssignment::getDecision, TicketAssignment::getOffer,
                TicketAssignment::getAgentId).containsExactly(tuple(Decision.REQUEUED, OfferStep.EXPIRED, "ana"),
                tuple(Decision.QUEUED, OfferStep.OFFERED, "budi"));
        assertThat(engine.statusChanges()).extracting(event -> event.getAgentStatus().getAgentId(),
                event -> event.getAgentStatus().getStatus()).containsExactly(tuple("ana", AgentStatus.AWAY));
        assertThat(state.agent("ana").getAway()).isTrue();
        assertThat(apply(created("t2", "en", 2), 14)).as("ana is away").extracting(TicketAssignment::getDecision)
                .containsExactly(Decision.QUEUED);
        assertThat(state.ticket("t2").getAgentId()).isNull();

        final List<TicketAssignment> back = apply(online("ana", 2), 15);

        assertThat(back).extracting(TicketAssignment::getTicketId, TicketAssignment::getOffer)
                .containsExactly(tuple("t2", OfferStep.OFFERED));
    }

    @Test
    void anAgentGoesAwayOnlyAfterMissingAsManyOffersAsConfigured() {
        final OfferProperties twoMisses = new OfferProperties(Duration.ofMillis(10), null, 2);
        engine(twoMisses, 1).apply(online("ana", 2));
        engine(twoMisses, 2).apply(created("t1", "en", 1));
        engine(twoMisses, 2).apply(created("t2", "en", 1));

        engine(twoMisses, 13).fireTimers(1);
        assertThat(state.agent("ana").getAway()).isFalse();
        engine(twoMisses, 13).fireTimers(1);

        assertThat(state.agent("ana").getAway()).isTrue();
    }

    @Test
    void aReplyAfterTheOfferExpiredExpiresIt() {
        apply(online("ana", 1), 1);
        apply(created("t1", "en", 1), 2);

        assertThat(apply(reply("ana", "t1", true, null, 12), 12)).extracting(TicketAssignment::getOffer)
                .containsExactly(OfferStep.EXPIRED);
    }

    @Test
    void aTicketPassedByItsOnlyAgentWaits() {
        apply(online("ana", 1), 1);
        apply(created("t1", "en", 1), 2);

        assertThat(apply(reply("ana", "t1", false, null, 3), 3)).extracting(TicketAssignment::getOffer)
                .containsExactly(OfferStep.DECLINED);
        assertThat(state.available.entries).as("ana is free, but not for t1").isNotEmpty();
        assertThat(state.waiting.entries).containsValue("t1");
    }

    @Test
    void aClosedOfferedTicketFreesTheSlotAndItsOfferEnds() {
        apply(online("ana", 1), 1);
        apply(created("t1", "en", 1), 2);

        apply(PoolEvents.statusChanged(TicketStatusChanged.newBuilder().setTicketId("t1")
                .setStatus(TicketStatus.CLOSED).setTime(Instant.EPOCH).build()), 3);

        assertThat(state.timers.entries).isEmpty();
        assertThat(state.agent("ana").getTickets()).isEmpty();
        assertThat(expireAt(100)).isEmpty();
    }

    @Test
    void aReplyOfAnotherAgentChangesNothing() {
        apply(online("ana", 1), 1);
        apply(created("t1", "en", 1), 2);

        assertThat(apply(reply("budi", "t1", true, null, 3), 3)).isEmpty();
        assertThat(state.ticket("t1").getOfferedAt()).isNotNull();
    }

    private List<TicketAssignment> apply(final PoolEvent event, final long at) {
        return engine(OFFERS, at).apply(event);
    }

    private List<TicketAssignment> expireAt(final long at) {
        return engine(OFFERS, at).fireTimers(100);
    }

    private AssignmentEngine engine(final OfferProperties offers, final long at) {
        engine = new AssignmentEngine(RULES, offers, Pools.DEFAULT_POOL, state, Instant.ofEpochMilli(at));
        return engine;
    }

    private static PoolEvent created(final String id, final String queue, final long createdAt) {
        return PoolEvents.created(TopologyHarness.ticket(id, queue, 2, createdAt), null);
    }

    private static PoolEvent reply(final String agent, final String ticket, final boolean accepted,
            final String reason, final long at) {
        return PoolEvents.offerReply(new OfferReply(agent, ticket, accepted, reason, Instant.ofEpochMilli(at)));
    }

    private static PoolEvent online(final String agent, final int capacity) {
        return PoolEvents.agent(AgentStatusChanged.newBuilder().setAgentId(agent).setStatus(AgentStatus.ONLINE)
                .setTime(Instant.EPOCH).setStatusSince(Instant.EPOCH).setQueues(List.of()).setCapacity(capacity)
                .build(), List.of());
    }
}
