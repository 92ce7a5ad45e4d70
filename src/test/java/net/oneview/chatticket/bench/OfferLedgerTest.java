package net.oneview.chatticket.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.OfferStep;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import org.junit.jupiter.api.Test;

/** The check of make bench's offers phases: one agent at a time, never back to one that passed, lateness, lost. */
class OfferLedgerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void offeredExpiredOfferedOnAcceptedAndClosedHoldsAndMeasuresHowLate() {
        final OfferLedger ledger = new OfferLedger(TIMEOUT);
        ledger.created("t-1");
        ledger.measuring(true);
        ledger.add(offered("ana", T0), T0);
        ledger.add(step(Decision.REQUEUED, "ana", OfferStep.EXPIRED), T0.plusMillis(2_060));
        // the pool offered it on 80 ms after the expiry; the bench saw that 150 ms after it
        ledger.add(offered("bo", T0.plus(TIMEOUT).plusMillis(80)), T0.plus(TIMEOUT).plusMillis(150));
        ledger.add(step(Decision.ASSIGNED, "bo", OfferStep.ACCEPTED), T0.plusMillis(2_200));
        assertThat(ledger.open()).isEqualTo(1);
        ledger.add(step(Decision.CLOSED, "bo", null), T0.plusMillis(2_300));

        assertThat(ledger.breaches()).isEmpty();
        assertThat(ledger.open()).isZero();
        assertThat(ledger.offers()).isEqualTo(2);
        assertThat(ledger.expiries()).isEqualTo(1);
        assertThat(ledger.seenLate().getMaxValue()).isEqualTo(150);
        assertThat(ledger.decidedLate().getMaxValue()).isEqualTo(80);
    }

    @Test
    void aTicketOfferedWhileOfferedToAnotherIsABreach() {
        final OfferLedger ledger = new OfferLedger(TIMEOUT);
        ledger.add(offered("ana", T0), T0);
        ledger.add(offered("bo", T0), T0);

        assertThat(ledger.breaches()).first().asString().contains("1 tickets offered or assigned while");
    }

    @Test
    void anOfferToAnAgentThatDeclinedTheTicketIsABreach() {
        final OfferLedger ledger = new OfferLedger(TIMEOUT);
        ledger.add(offered("ana", T0), T0);
        ledger.add(step(Decision.REQUEUED, "ana", OfferStep.DECLINED), T0);
        ledger.add(offered("ana", T0), T0);

        assertThat(ledger.breaches()).first().asString().contains("1 offers to an agent that had passed the ticket");
    }

    @Test
    void anAssignmentWithoutThatAgentsOfferIsABreach() {
        final OfferLedger ledger = new OfferLedger(TIMEOUT);
        ledger.add(offered("ana", T0), T0);
        ledger.add(step(Decision.ASSIGNED, "bo", OfferStep.ACCEPTED), T0);

        assertThat(ledger.breaches()).first().asString().contains("1 assignments or offer answers without");
    }

    @Test
    void anOfferWithdrawnWhenItsAgentWentOfflineLeavesTheTicketFree() {
        final OfferLedger ledger = new OfferLedger(TIMEOUT);
        ledger.add(offered("ana", T0), T0);
        ledger.add(step(Decision.REQUEUED, "ana", null), T0);
        ledger.add(offered("bo", T0), T0);

        assertThat(ledger.breaches()).isEmpty();
    }

    private static TicketAssignment offered(final String agent, final Instant offeredAt) {
        final TicketAssignment offer = step(Decision.QUEUED, agent, OfferStep.OFFERED);
        offer.setOfferExpiresAt(offeredAt.plus(TIMEOUT));
        return offer;
    }

    private static TicketAssignment step(final Decision kind, final String agent, final OfferStep step) {
        return TicketAssignment.newBuilder().setTicketId("t-1").setDecision(kind).setAgentId(agent).setOffer(step)
                .setTime(Instant.EPOCH).setReason("test").setTicketStatus(TicketStatus.ASSIGNED)
                .setTicket(TicketCreated.newBuilder().setId("t-1").setCreatedAt(Instant.EPOCH).setQueue("english")
                        .setContent("{}").setPriority(1).build())
                .build();
    }
}
