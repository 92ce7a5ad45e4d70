package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.state.PoolAgent;
import net.oneview.chatticket.state.PoolTicket;
import org.junit.jupiter.api.Test;

/** What a ticket's or an agent's record counts for in its queues and pool. */
class PoolCountsTest {

    private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00.250Z");
    private static final String KEY = "default" + Ranks.SEP + "t-1";
    private static final String QUEUE = "default" + Ranks.SEP + "english" + Ranks.SEP;

    @Test
    void aWaitingTicketCountsByPriorityByItsRecordedStepOrItsPreferredAgentAndBySecondCreated() {
        final PoolTicket ticket = ticket();

        assertThat(PoolCounts.of(KEY, ticket)).containsOnlyKeys(QUEUE + "p" + Ranks.SEP + "3",
                QUEUE + "s" + Ranks.SEP + "0", QUEUE + "c" + Ranks.SEP + "0001796032800");
        ticket.setRouteStep(2);
        assertThat(PoolCounts.of(KEY, ticket)).containsKey(QUEUE + "s" + Ranks.SEP + "2");
        ticket.setPreferredUntil(CREATED.plusSeconds(30));
        assertThat(PoolCounts.of(KEY, ticket)).containsKey(QUEUE + "s" + Ranks.SEP + PoolCounts.PREFERRED);
    }

    @Test
    void anOfferPendingCountsAsSuchAndAnAssignedTicketOrNoRecordNotAtAll() {
        final PoolTicket ticket = ticket();
        ticket.setAgentId("a-1");
        ticket.setOfferedAt(CREATED.plusSeconds(1));

        assertThat(PoolCounts.of(KEY, ticket)).containsOnlyKeys(QUEUE + "o");
        ticket.setOfferedAt(null);
        assertThat(PoolCounts.of(KEY, ticket)).isEmpty();
        assertThat(PoolCounts.of(KEY, null)).isEmpty();
    }

    @Test
    void anOnlineAgentCountsUnderEachQueueItServesAndOnceUnderItsPool() {
        final PoolAgent agent = PoolState.editable(PoolAgent.newBuilder().setAgentId("a-1").setOnline(true)
                .setCapacity(3).setQueues(List.of("english", "bahasa")).setAvailableSince(CREATED).build());
        agent.getTickets().add("t-1");
        final String agentKey = "default" + Ranks.SEP + "a-1";
        final String pool = "default" + Ranks.SEP;

        assertThat(PoolCounts.of(agentKey, agent)).containsExactlyInAnyOrderEntriesOf(Map.of(
                QUEUE + "a", 1L, QUEUE + "f", 2L,
                pool + "bahasa" + Ranks.SEP + "a", 1L, pool + "bahasa" + Ranks.SEP + "f", 2L,
                pool + Ranks.SEP + "a", 1L, pool + Ranks.SEP + "f", 2L));
        agent.setAway(true);
        assertThat(PoolCounts.of(agentKey, agent)).containsEntry(pool + Ranks.SEP + "w", 1L);
        agent.setOnline(false);
        assertThat(PoolCounts.of(agentKey, agent)).isEmpty();
    }

    private static PoolTicket ticket() {
        return PoolTicket.newBuilder().setTicket(TicketCreated.newBuilder().setId("t-1").setCreatedAt(CREATED)
                .setQueue("english").setChannel("chat").setContent("{}").setPriority(3).build())
                .setStatus(TicketStatus.ASSIGNED).build();
    }
}
