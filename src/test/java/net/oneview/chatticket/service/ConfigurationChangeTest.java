package net.oneview.chatticket.service;

import static net.oneview.chatticket.service.RestartedService.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service restarts with new rules over its state: a queue moved to a pool of its own, and aging turned on. The
 * queue's agents follow it, the tickets they held stay with them and can be escalated and closed; the tickets that
 * waited follow their queue to its new pool, or are ranked again under the new aging step where they are.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class ConfigurationChangeTest {

    private static final JsonMapper JSON = new JsonMapper();

    private final String stateDir = "target/streams-state/configuration-" + UUID.randomUUID();

    @Test
    void heldTicketsStayWithTheirAgentsWaitingOnesFollowTheirQueueAndTheBacklogIsRankedUnderTheNewStep(
            final EmbeddedKafkaBroker broker) throws Exception {
        final RestartedService service = new RestartedService(broker.getBrokersAsString(), "configuration");
        final Agent ana = new Agent("vip");
        final Agent carl = new Agent("vip");
        final Agent budi = new Agent("en");
        final Instant now = Instant.now();
        try (ConfigurableApplicationContext before = start(broker)) {
            ana.online(before);
            service.produce("ticket-created", "vip-held", ticket("vip-held", "vip", 1, now.minusSeconds(60)));
            await().atMost(Duration.ofSeconds(20)).until(() -> ana.tickets(before).contains("vip-held"));
            service.produce("ticket-created", "vip-waiting", ticket("vip-waiting", "vip", 1, now.minusSeconds(50)));
            service.produce("ticket-created", "en-minor", ticket("en-minor", "en", 5, now.minusSeconds(30 * 60)));
            service.produce("ticket-created", "en-urgent", ticket("en-urgent", "en", 1, now.minusSeconds(60)));
            await().atMost(Duration.ofSeconds(20)).until(() -> service.committedDecisions().size() == 4);
        }

        final Map<String, List<TicketAssignment>> decisions;
        try (ConfigurableApplicationContext after = start(broker, "--chat-ticket.assignment.pools.vip=vip",
                "--chat-ticket.assignment.aging-step=5m")) {
            // ana's queue is in the pool vip now: she moves there by herself, and keeps her ticket
            carl.online(after);
            await().atMost(Duration.ofSeconds(30)).until(() -> carl.tickets(after).contains("vip-waiting"));
            service.produce("ticket-created", "vip-new", ticket("vip-new", "vip", 1, Instant.now()));
            service.produce("ticket-status", "vip-held", status("vip-held", TicketStatus.ESCALATED));
            await().atMost(Duration.ofSeconds(20)).until(() -> call(after, "GET", ana.id, "tickets", ana.token).body()
                    .contains("ESCALATED"));
            service.produce("ticket-status", "vip-held", status("vip-held", TicketStatus.CLOSED));
            await().atMost(Duration.ofSeconds(20)).until(() -> ana.tickets(after).contains("vip-new"));
            // aged 30 minutes at 5 minutes a level, priority 5 ranks as a priority 1 created 10 minutes ago
            budi.online(after);
            await().atMost(Duration.ofSeconds(20)).until(() -> !budi.tickets(after).isEmpty());

            assertThat(ana.tickets(after)).containsExactly("vip-new");
            assertThat(carl.tickets(after)).containsExactly("vip-waiting");
            assertThat(budi.tickets(after)).containsExactly("en-minor");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(InvalidStateStoreException.class)
                    .until(() -> NothingLeftToDecide.reached(after));
            decisions = service.committedDecisions();
        }
        assertThat(decisions.get("vip-held")).extracting(TicketAssignment::getDecision, TicketAssignment::getAgentId)
                .as("held before the move, escalated and closed after it").containsExactly(
                        tuple(Decision.ASSIGNED, ana.id), tuple(Decision.STATUS_CHANGED, ana.id),
                        tuple(Decision.CLOSED, ana.id));
        assertThat(decisions.get("vip-waiting")).extracting(TicketAssignment::getDecision)
                .as("waiting before the move").startsWith(Decision.QUEUED).endsWith(Decision.ASSIGNED);
        assertThat(decisions.get("en-urgent")).extracting(TicketAssignment::getDecision)
                .containsExactly(Decision.QUEUED);
    }

    private ConfigurableApplicationContext start(final EmbeddedKafkaBroker broker, final String... rules) {
        return Services.start(broker.getBrokersAsString(), "configuration", "configuration", stateDir, rules);
    }

    private static TicketCreated ticket(final String id, final String queue, final int priority,
            final Instant created) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(created).setQueue(queue).setChannel("chat")
                .setContent("{}").setPriority(priority).build();
    }

    private static TicketStatusChanged status(final String id, final TicketStatus status) {
        return TicketStatusChanged.newBuilder().setTicketId(id).setStatus(status).setTime(Instant.now()).build();
    }

    /** An agent of capacity 1 serving one queue, through the HTTP API. */
    private static final class Agent {

        private final String id = UUID.randomUUID().toString();
        private final String token;

        Agent(final String queue) {
            token = Tokens.forAgent(id, Map.of("queues", List.of(queue), "capacity", 1));
        }

        void online(final ConfigurableApplicationContext service) throws Exception {
            assertThat(call(service, "PUT", id, "online", token).statusCode()).isEqualTo(200);
        }

        /** The ids of the tickets the agent holds. */
        List<String> tickets(final ConfigurableApplicationContext service) throws Exception {
            return JSON.readTree(call(service, "GET", id, "tickets", token).body()).valueStream()
                    .map(ticket -> ticket.get("id").asString()).toList();
        }
    }
}
