package net.oneview.chatticket.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import org.junit.jupiter.api.Test;

/** The exactly-once check of make bench, chaos and cluster: an ASSIGNED while the ticket is still held. */
class AssignedTwiceTest {

    @Test
    void assignedClosedAndAssignedAgainAfterARequeueIsOnce() {
        assertThat(AssignedTwice.in(List.of(decision(Decision.QUEUED, null), decision(Decision.ASSIGNED, "ana"),
                decision(Decision.STATUS_CHANGED, "ana"), decision(Decision.REQUEUED, "ana"),
                decision(Decision.ASSIGNED, "bo"), decision(Decision.CLOSED, "bo")))).isZero();
    }

    @Test
    void anAssignmentMadeAgainWhileHeldIsCounted() {
        final AssignedTwice check = new AssignedTwice();
        List.of(decision(Decision.ASSIGNED, "ana"), decision(Decision.STATUS_CHANGED, "ana"),
                decision(Decision.ASSIGNED, "ana")).forEach(check::add);

        assertThat(check.twice()).isEqualTo(1);
        assertThat(check.assigned()).isEqualTo(2);
        assertThat(check.examples()).containsEntry("t-1", "ana then ana");
    }

    @Test
    void nothingAssignedIsSaidSo() {
        final AssignedTwice check = new AssignedTwice();
        check.add(decision(Decision.QUEUED, null));

        assertThat(check.assigned()).isZero();
    }

    private static TicketAssignment decision(final Decision kind, final String agent) {
        return TicketAssignment.newBuilder().setTicketId("t-1").setDecision(kind).setAgentId(agent)
                .setTime(Instant.EPOCH).setReason("test").setTicketStatus(TicketStatus.ASSIGNED)
                .setTicket(TicketCreated.newBuilder().setId("t-1").setCreatedAt(Instant.EPOCH).setQueue("english")
                        .setContent("{}").setPriority(1).build())
                .build();
    }
}
