package net.oneview.chatticket.service;

import static net.oneview.chatticket.service.RestartedService.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The decision history has no changelog of its own: a service that lost its state directory reads it back from
 * ticket-assignments, in order, and goes on adding to it.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class DecisionHistoryRestoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String stateDir = "target/streams-state/history-" + UUID.randomUUID();

    @Test
    void aServiceThatLostItsStateReadsTheDecisionHistoryBackFromTheDecisions(final EmbeddedKafkaBroker broker)
            throws Exception {
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));
        final String ticket = UUID.randomUUID().toString();
        final RestartedService service = new RestartedService(broker.getBrokersAsString(), "history");
        final String before;
        try (ConfigurableApplicationContext first = Services.start(broker.getBrokersAsString(), "history", "history",
                stateDir + "-first")) {
            service.produce("ticket-created", ticket, TicketCreated.newBuilder().setId(ticket).setCreatedAt(Instant.now())
                    .setQueue("nobody-serves").setChannel("chat").setContent("{}").setPriority(2).build());
            service.produce("ticket-status", ticket, TicketStatusChanged.newBuilder().setTicketId(ticket)
                    .setStatus(TicketStatus.ESCALATED).setStatusReason("before").setTime(Instant.now()).build());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(reasons(first, ticket, supervisor))
                    .containsExactly("QUEUED", "STATUS_CHANGED before"));
            before = call(first, "GET", "tickets", ticket + "/decisions", supervisor).body();
        }

        try (ConfigurableApplicationContext wiped = Services.start(broker.getBrokersAsString(), "history", "history",
                stateDir + "-second")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> call(wiped, "GET", "tickets", ticket + "/decisions",
                    supervisor).body().equals(before));
            service.produce("ticket-status", ticket, TicketStatusChanged.newBuilder().setTicketId(ticket)
                    .setStatus(TicketStatus.ASSIGNED).setStatusReason("after").setTime(Instant.now()).build());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(reasons(wiped, ticket, supervisor))
                    .containsExactly("QUEUED", "STATUS_CHANGED before", "STATUS_CHANGED after"));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            assertThat(admin.listTopics().names().get()).noneMatch(topic -> topic.contains("ticket-decisions"));
        }
    }

    /** Each decision shown, as its decision and, when it has one, its status reason. */
    private static List<String> reasons(final ConfigurableApplicationContext instance, final String ticket,
            final String token) throws Exception {
        final HttpResponse<String> answer = call(instance, "GET", "tickets", ticket + "/decisions", token);
        if (answer.statusCode() != 200) {
            return List.of(answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body()).valueStream().map(decision -> {
            final JsonNode reason = decision.path("statusReason");
            return decision.get("decision").asString() + (reason.isNull() || reason.isMissingNode() ? ""
                    : " " + reason.asString());
        }).toList();
    }
}
