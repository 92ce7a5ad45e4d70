package net.oneview.chatticket.service;

import static net.oneview.chatticket.service.RestartedService.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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

/**
 * The whole service restarts (a new Spring context on the same state directory and broker): agents and tickets are
 * still there, work goes on where it stopped, and no ticket was assigned twice. The decisions are read once the service
 * has nothing left to decide, so a duplicate that comes late is counted too.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class ServiceRestartTest {

    private final String stateDir = "target/streams-state/restart-" + UUID.randomUUID();

    @Test
    void aRestartedServiceKeepsItsAssignmentsAndGoesOnWithoutDoublingAny(final EmbeddedKafkaBroker broker) throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent, Map.of("queues", List.of("restart"), "capacity", 1));
        final String first = UUID.randomUUID().toString();
        final String second = UUID.randomUUID().toString();
        final RestartedService service = new RestartedService(broker.getBrokersAsString(), "restart");
        try (ConfigurableApplicationContext before = start(broker)) {
            assertThat(call(before, "PUT", agent, "online", token).statusCode()).isEqualTo(200);
            service.produce("ticket-created", first, ticket(first));
            service.produce("ticket-created", second, ticket(second));
            await().atMost(Duration.ofSeconds(20)).until(() -> call(before, "GET", agent, "tickets", token).body().contains(first));
        }

        final Map<String, List<Decision>> decisions;
        try (ConfigurableApplicationContext after = start(broker)) {
            assertThat(call(after, "GET", agent, "tickets", token).body()).contains(first).doesNotContain(second);

            service.produce("ticket-status", first, TicketStatusChanged.newBuilder().setTicketId(first)
                    .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(call(after, "GET", agent, "tickets", token).body())
                    .contains(second).doesNotContain(first));
            // A duplicate may come late (a replayed input, a held ticket drained again): look once nothing can come.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(InvalidStateStoreException.class)
                    .until(() -> NothingLeftToDecide.reached(after));
            decisions = service.committedDecisions().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    entry -> entry.getValue().stream().map(TicketAssignment::getDecision).toList()));
        }
        assertThat(decisions.get(first)).as("decisions on %s, assigned before the restart and closed after", first)
                .containsExactly(Decision.ASSIGNED, Decision.CLOSED);
        assertThat(decisions.get(second)).as("decisions on %s, waiting before the restart and assigned after", second)
                .containsExactly(Decision.QUEUED, Decision.ASSIGNED);
    }

    private ConfigurableApplicationContext start(final EmbeddedKafkaBroker broker) {
        return Services.start(broker.getBrokersAsString(), "restart", "restart", stateDir);
    }

    private static TicketCreated ticket(final String id) {
        return TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now()).setQueue("restart").setChannel("chat")
                .setContent("{}").setPriority(1).build();
    }
}
