package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.state.OfferReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offers through the whole topology: offered, accepted, declined and expired on the task's wall clock. Inputs arrive without moving the wall clock,
 * so that only {@link TopologyHarness#advance} expires offers.
 */
class OffersTopologyTest {

    private static final List<String> EN = List.of("en");
    private static final OfferProperties OFFERS = new OfferProperties(Duration.ofSeconds(10), Map.of(), null);
    private static final AssignmentProperties RULES = AssignmentProperties.defaults().withArrivalWindow(Duration.ZERO);

    @TempDir
    Path stateDir;

    private final String scope = "offers-" + UUID.randomUUID();
    private TopologyHarness topology;

    private TopologyHarness start() {
        topology = new TopologyHarness(RULES, OFFERS, stateDir, scope);
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
    void anOfferedTicketIsNotTheAgentsUntilAccepted() {
        final TopologyHarness t = start();
        t.arriving(() -> {
            t.online("ana", EN, 1, 1);
            t.created("t1", "en", 1, 2);
        });
        assertThat(t.decisionLines()).containsExactly("QUEUED t1 ana");
        assertThat(t.ticketsOf("ana")).as("GET tickets lists accepted tickets only").isEmpty();

        t.arriving(() -> t.atPool(Pools.DEFAULT_POOL, reply("ana", "t1", true, 3), 3, false));

        assertThat(t.decisions()).extracting(TicketAssignment::getOffer).containsExactly(OfferStep.ACCEPTED);
        assertThat(t.ticketsOf("ana")).containsExactly("t1");
    }

    @Test
    void aDeclinedTicketIsOfferedToTheNextAgentAtOnce() {
        final TopologyHarness t = start();
        t.arriving(() -> {
            t.online("ana", EN, 2, 1);
            t.online("budi", EN, 1, 2);
            t.created("t1", "en", 1, 3);
            t.atPool(Pools.DEFAULT_POOL, reply("ana", "t1", false, 4), 4, false);
        });

        assertThat(t.decisionLines()).containsExactly("QUEUED t1 ana", "REQUEUED t1 ana", "QUEUED t1 budi");
    }

    @Test
    void anUnansweredOfferExpiresOnTheWallClockAndGoesToTheNextAgent() {
        final TopologyHarness t = start();
        t.arriving(() -> {
            t.online("ana", EN, 2, 1);
            t.online("budi", EN, 1, 2);
            t.created("t1", "en", 1, 3);
        });
        t.decisions();

        t.advance(Duration.ofSeconds(9));
        assertThat(t.decisions()).as("not yet").isEmpty();
        t.advance(Duration.ofSeconds(2));

        final List<TicketAssignment> expired = t.decisions();
        assertThat(expired).extracting(TicketAssignment::getOffer, TicketAssignment::getAgentId)
                .containsExactly(org.assertj.core.api.Assertions.tuple(OfferStep.EXPIRED, "ana"),
                        org.assertj.core.api.Assertions.tuple(OfferStep.OFFERED, "budi"));
    }

    @Test
    void withTheArrivalWindowOnAnExpiredOfferStillGoesToTheNextAgent() {
        topology = new TopologyHarness(AssignmentProperties.defaults(), OFFERS, stateDir, scope);
        final TopologyHarness t = topology;
        t.arriving(() -> {
            t.online("ana", EN, 2, 1);
            t.online("budi", EN, 1, 2);
            t.created("t1", "en", 1, 3);
        });
        t.advance(Duration.ofSeconds(2));  // the pool's first drain waits for its input to go quiet
        assertThat(t.decisionLines()).containsExactly("QUEUED t1 ana");

        t.advance(Duration.ofSeconds(11));  // expired: back among the held tickets, for the next drain
        t.advance(Duration.ofMillis(50));  // the look halfway through the arrival window
        t.advance(Duration.ofMillis(150));  // nothing read since: drained

        assertThat(t.decisions()).extracting(TicketAssignment::getOffer, TicketAssignment::getAgentId)
                .containsExactly(org.assertj.core.api.Assertions.tuple(OfferStep.EXPIRED, "ana"),
                        org.assertj.core.api.Assertions.tuple(OfferStep.OFFERED, "budi"));
    }

    @Test
    void anAnswerOnTheAgentsInputReachesItsPoolAndTheAgentsTaskKeepsEachStep() {
        final TopologyHarness t = start();
        t.arriving(() -> {
            t.online("ana", List.of("en"), 1, 1);
            t.created("t1", "en", 1, 2);
        });
        assertThat(t.offers("ana")).extracting(TicketAssignment::getOffer).containsExactly(OfferStep.OFFERED);
        assertThat(t.ticketsOf("ana")).isEmpty();

        t.arriving(() -> t.answered("ana", "t1", true, 3));

        assertThat(t.offers("ana")).extracting(TicketAssignment::getOffer).containsExactly(OfferStep.ACCEPTED);
        assertThat(t.ticketsOf("ana")).containsExactly("t1");
    }

    @Test
    void anAgentSetAwayIsPublishedOnAgentStatusWithItsReasonAndOnlineAgainEndsIt() {
        final TopologyHarness t = start();
        t.arriving(() -> {
            t.online("ana", EN, 1, 1);
            t.created("t1", "en", 1, 2);
        });
        t.statusesSetByPools();

        t.advance(Duration.ofSeconds(11));

        assertThat(t.statusesSetByPools()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("ana");
            assertThat(record.value().getStatus()).isEqualTo(AgentStatus.AWAY);
            assertThat(record.value().getReason()).contains("1 offer");
            assertThat(record.value().getPreviousStatus()).isEqualTo(AgentStatus.ONLINE);
            assertThat(record.value().getQueues()).isEqualTo(EN);
        });
        assertThat(t.agentView("ana").getStatus()).isEqualTo(AgentStatus.AWAY);
        t.settle();
        assertThat(t.statusesSetByPools()).as("read back, the record changes nothing").isEmpty();
        assertThat(t.agentView("ana").getStatus()).isEqualTo(AgentStatus.AWAY);

        t.arriving(() -> t.online("ana", EN, 1, 20_000));
        assertThat(t.agentView("ana").getStatus()).isEqualTo(AgentStatus.ONLINE);
        assertThat(t.decisions()).as("t1 back to ana, online again").extracting(TicketAssignment::getOffer,
                TicketAssignment::getAgentId).contains(org.assertj.core.api.Assertions.tuple(OfferStep.OFFERED, "ana"));
    }

    @Test
    void anAgentFinishingItsTicketsIsPublishedOfflineAfterTheLastOneClosed() {
        final TopologyHarness t = start();
        t.arriving(() -> {
            t.online("ana", EN, 2, 1);
            t.created("t1", "en", 1, 2);
            t.answered("ana", "t1", true, 3);
        });
        t.arriving(() -> t.finishing("ana", EN, 2, 4));
        assertThat(t.agentView("ana").getStatus()).isEqualTo(AgentStatus.ONLINE);
        assertThat(t.agentView("ana").getNextStatus()).isEqualTo(AgentStatus.OFFLINE);
        t.arriving(() -> t.created("t2", "en", 1, 5));
        assertThat(t.offers("ana")).as("finishing: no new offer").extracting(TicketAssignment::getTicketId)
                .containsExactly("t1");

        t.arriving(() -> t.status("t1", TicketStatus.CLOSED, 6));

        assertThat(t.statusesSetByPools()).singleElement().satisfies(record -> {
            assertThat(record.value().getStatus()).isEqualTo(AgentStatus.OFFLINE);
            assertThat(record.value().getReason()).contains("last ticket");
        });
        assertThat(t.agentView("ana").getStatus()).isEqualTo(AgentStatus.OFFLINE);
        assertThat(t.agentView("ana").getNextStatus()).isNull();
    }

    @Test
    void aStatusThePoolSetIsNotKeptWhenTheAgentAskedForAnotherSince() {
        final TopologyHarness t = start();
        t.arriving(() -> t.online("ana", EN, 1, 1));
        t.arriving(() -> t.online("ana", EN, 2, 2));  // the agent's second status: version 2
        t.statusesSetByPools();

        t.fromPool("ana", PoolEvents.statusSet(away("ana"), Pools.DEFAULT_POOL, 1), 3);
        assertThat(t.statusesSetByPools()).as("set on the first status, which the second replaced").isEmpty();
        assertThat(t.agentView("ana").getStatus()).isEqualTo(AgentStatus.ONLINE);

        t.fromPool("ana", PoolEvents.statusSet(away("ana"), Pools.DEFAULT_POOL, 2), 4);
        assertThat(t.statusesSetByPools()).extracting(record -> record.value().getStatus())
                .containsExactly(AgentStatus.AWAY);
    }

    private static AgentStatusChanged away(final String agent) {
        return AgentStatusChanged.newBuilder().setAgentId(agent).setStatus(AgentStatus.AWAY)
                .setTime(Instant.ofEpochMilli(3)).setStatusSince(Instant.ofEpochMilli(3)).setQueues(EN).setCapacity(2)
                .setReason("let 1 offer in a row expire").build();
    }

    private static net.oneview.chatticket.state.PoolEvent reply(final String agent, final String ticket,
            final boolean accepted, final long at) {
        return PoolEvents.offerReply(new OfferReply(agent, ticket, accepted, null, Instant.ofEpochMilli(at)));
    }
}
