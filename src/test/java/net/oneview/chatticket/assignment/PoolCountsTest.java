package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.state.PoolTicket;
import org.junit.jupiter.api.Test;

/** What a ticket's record counts for in its queue. */
class PoolCountsTest {

    private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00.250Z");
    private static final String KEY = "default" + Ranks.SEP + "t-1";
    private static final String QUEUE = "default" + Ranks.SEP + "english" + Ranks.SEP;

    @Test
    void aWaitingTicketCountsByPriorityByItsRecordedStepOrItsPreferredAgentAndBySecondCreated() {
        final PoolTicket ticket = ticket();

        assertThat(PoolCounts.keys(KEY, ticket)).containsExactly(QUEUE + "p" + Ranks.SEP + "3",
                QUEUE + "s" + Ranks.SEP + "0", QUEUE + "c" + Ranks.SEP + "0001796032800");
        ticket.setRouteStep(2);
        assertThat(PoolCounts.keys(KEY, ticket)).contains(QUEUE + "s" + Ranks.SEP + "2");
        ticket.setPreferredUntil(CREATED.plusSeconds(30));
        assertThat(PoolCounts.keys(KEY, ticket)).contains(QUEUE + "s" + Ranks.SEP + PoolCounts.PREFERRED);
    }

    @Test
    void anOfferPendingCountsAsSuchAndAnAssignedTicketOrNoRecordNotAtAll() {
        final PoolTicket ticket = ticket();
        ticket.setAgentId("a-1");
        ticket.setOfferedAt(CREATED.plusSeconds(1));

        assertThat(PoolCounts.keys(KEY, ticket)).containsExactly(QUEUE + "o");
        ticket.setOfferedAt(null);
        assertThat(PoolCounts.keys(KEY, ticket)).isEmpty();
        assertThat(PoolCounts.keys(KEY, null)).isEmpty();
    }

    private static PoolTicket ticket() {
        return PoolTicket.newBuilder().setTicket(TicketCreated.newBuilder().setId("t-1").setCreatedAt(CREATED)
                .setQueue("english").setChannel("chat").setContent("{}").setPriority(3).build())
                .setStatus(TicketStatus.ASSIGNED).build();
    }
}
