package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.avro.ConfluentAvroDeserializer;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.events.Decision;
import net.oneview.chatticket.events.TicketAssignment;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Offers over HTTP with {@code chat-ticket.offers.timeout} set: listed in GET offers and not in GET tickets until
 * accepted, declined on to another agent, expired, and the answers to offers never made; an agent set away, finishing
 * its tickets before going offline, wrapping up. Each test has its own queue, so that the agents of one never get the
 * tickets of another (the queue "no-offers", without offers and with a wrap-up, is one test's).
 */
@TestPropertySource(properties = {"chat-ticket.offers.timeout=5s", "chat-ticket.streams.application-id=offers",
    "chat-ticket.offers.queue-timeout.no-offers=0s", "chat-ticket.assignment.queue-wrap-up.no-offers=60s",
    "chat-ticket.metrics.queues-interval=500ms"})
class OffersTest extends ServiceTestSupport {

    @Test
    void anOfferIsListedApartFromTheTicketsUntilAcceptedAndAcceptingAgainGivesTheTicket() throws Exception {
        final String queue = queue();
        final Agent ana = online(queue);
        final String ticket = produceTicket(queue, 1);

        final JsonNode offer = awaitOffer(ana, ticket);
        assertThat(fieldNames(offer)).containsExactly("ticket", "offeredAt", "expiresAt");
        assertThat(offer.get("expiresAt").asLong() - offer.get("offeredAt").asLong()).isBetween(4L, 6L);
        assertThat(offer.get("ticket").get("assignedTime").isNull()).isTrue();
        assertThat(ticketIds(get(ana.id, "tickets", ana.token))).isEmpty();

        final HttpResponse<String> accepted = post(ana, ticket, "accept", null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json.readTree(accepted.body()).get("id").asString()).isEqualTo(ticket);
        assertThat(json.readTree(accepted.body()).get("ticketStatus").asString()).isNotBlank();
        assertThat(ticketIds(get(ana.id, "tickets", ana.token))).containsExactly(ticket);
        assertThat(get(ana.id, "offers", ana.token).body().isEmpty()).isTrue();

        final HttpResponse<String> again = post(ana, ticket, "accept", null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body())).isEqualTo(json.readTree(accepted.body()));

        // an accept sent again after the ticket left the agent's list (as one in flight while it is not listed yet)
        // is still answered with the ticket, not a conflict: the agent did accept it
        produce("ticket-status", ticket, TicketStatusChanged.newBuilder().setTicketId(ticket)
                .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> ticketIds(get(ana.id, "tickets", ana.token)).isEmpty());
        final HttpResponse<String> late = post(ana, ticket, "accept", null);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
        assertThat(late.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json.readTree(late.body()).get("id").asString()).isEqualTo(ticket);
    }

    @Test
    void aDeclinedTicketIsOfferedToTheOtherAgentAndCannotBeAcceptedAfterwards() throws Exception {
        final String queue = queue();
        final Agent ana = online(queue);
        final Agent budi = online(queue);
        final String ticket = produceTicket(queue, 1);
        await().atMost(Duration.ofSeconds(4)).until(() -> !pendingIds(ana).isEmpty() || !pendingIds(budi).isEmpty());
        final Agent offered = pendingIds(ana).contains(ticket) ? ana : budi;
        final Agent other = offered == ana ? budi : ana;

        assertError(post(offered, ticket, "decline", "{\"reason\":\"" + "x".repeat(501) + "\"}"), 400, "bad request");
        final HttpResponse<String> declined = post(offered, ticket, "decline", "{\"reason\":\"on a call\"}");
        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(200);
        assertThat(json.readTree(declined.body()).get("id").asString()).isEqualTo(ticket);

        // offered on at once: well before the first offer's 5 s would have run out
        await().atMost(Duration.ofSeconds(3)).until(() -> pendingIds(other).contains(ticket));
        assertThat(pendingIds(offered)).isEmpty();
        assertError(post(offered, ticket, "accept", null), 409, "conflict");
        assertError(post(offered, ticket, "decline", null), 409, "conflict");
    }

    @Test
    void anExpiredOfferCannotBeAccepted() throws Exception {
        final String queue = queue();
        final Agent ana = online(queue);
        final String ticket = produceTicket(queue, 1);
        awaitOffer(ana, ticket);

        await().atMost(Duration.ofSeconds(12)).until(() -> pendingIds(ana).isEmpty());
        assertError(post(ana, ticket, "accept", null), 409, "conflict");
        assertThat(ticketIds(get(ana.id, "tickets", ana.token))).isEmpty();
    }

    @Test
    void answersToOffersNeverMadeAre404AndOnlyTheAgentAnswersItsOffers() throws Exception {
        final String queue = queue();
        final Agent ana = online(queue);
        final String ticket = produceTicket(queue, 1);
        awaitOffer(ana, ticket);

        assertError(post(ana, UUID.randomUUID().toString(), "accept", null), 404, "not found");
        assertError(post(ana, UUID.randomUUID().toString(), "decline", null), 404, "not found");
        final Agent supervisor = new Agent(ana.id, Tokens.forAgent(UUID.randomUUID().toString(),
                Map.of("scope", "tickets:supervise")));
        assertThat(pendingIds(supervisor)).containsExactly(ticket);
        assertError(post(supervisor, ticket, "accept", null), 403, "forbidden");
        assertError(post(new Agent(UUID.randomUUID().toString(), ana.token), ticket, "accept", null), 403,
                "forbidden");
    }

    @Test
    void anAgentThatLetsAnOfferExpireIsAwayOnAgentStatusUntilItIsOnlineAgain() throws Exception {
        final String queue = queue();
        final Agent ana = online(queue);
        final String ticket = produceTicket(queue, 1);
        awaitOffer(ana, ticket);

        final List<AgentStatusChanged> statuses = readAgentStatuses(ana.id, 2);
        assertThat(statuses.get(1).getStatus()).isEqualTo(AgentStatus.AWAY);
        assertThat(statuses.get(1).getReason()).contains("expire");
        final Agent budi = online(queue);
        assertThat(pendingIds(ana)).isEmpty();
        await().atMost(Duration.ofSeconds(4)).alias("the ticket ana let expire goes to budi")
                .until(() -> pendingIds(budi).contains(ticket));

        assertThat(put(ana.id, "online", ana.token).status()).isEqualTo(200);
        final String next = produceTicket(queue, 1);
        await().atMost(Duration.ofSeconds(4)).until(() -> pendingIds(ana).contains(next));
    }

    @Test
    void anAgentFinishingItsTicketsGetsNoNewOneAndIsOfflineAfterTheLast() throws Exception {
        final String queue = queue();
        final Agent ana = online(queue);
        final String first = produceTicket(queue, 1);
        awaitOffer(ana, first);
        assertThat(post(ana, first, "accept", null).statusCode()).isEqualTo(200);

        final Answer finishing = put(ana.id, "offline?after=current-tickets", ana.token);
        assertThat(finishing.status()).as(finishing.body().toString()).isEqualTo(200);
        assertThat(fieldNames(finishing.body())).containsExactly("id", "name", "lastLoginTime", "updatedAt",
                "agentTimeInStatus");
        final String second = produceTicket(queue, 1);
        final Agent budi = online(queue);
        await().atMost(Duration.ofSeconds(4)).alias("ana finishes: the new ticket waits for budi")
                .until(() -> pendingIds(budi).contains(second));
        assertThat(pendingIds(ana)).isEmpty();

        produce("ticket-status", first, TicketStatusChanged.newBuilder().setTicketId(first)
                .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build());

        final List<AgentStatusChanged> statuses = readAgentStatuses(ana.id, 3);
        assertThat(statuses).extracting(AgentStatusChanged::getStatus, AgentStatusChanged::getNextStatus)
                .containsExactly(tuple(AgentStatus.ONLINE, null), tuple(AgentStatus.ONLINE, AgentStatus.OFFLINE),
                        tuple(AgentStatus.OFFLINE, null));
        assertThat(statuses.get(2).getReason()).contains("last ticket");
        final Answer unknown = put(ana.id, "offline?after=later", ana.token);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("errorMessage").asString()).isEqualTo("bad request");
    }

    @Test
    void aClosedTicketKeepsItsSlotForTheWrapUpUntilTheAgentIsReady() throws Exception {
        final Agent ana = online("no-offers");
        final String first = produceTicket("no-offers", 1);
        await().atMost(Duration.ofSeconds(4)).until(() -> ticketIds(get(ana.id, "tickets", ana.token))
                .contains(first));
        produce("ticket-status", first, TicketStatusChanged.newBuilder().setTicketId(first)
                .setStatus(TicketStatus.CLOSED).setTime(Instant.now()).build());
        await().atMost(Duration.ofSeconds(4)).until(() -> ticketIds(get(ana.id, "tickets", ana.token)).isEmpty());
        final String second = produceTicket("no-offers", 1);
        assertThat(decisionsOf(second, 1)).as("the wrap-up keeps ana's one slot")
                .extracting(TicketAssignment::getDecision).containsExactly(Decision.QUEUED);

        final HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + environment.getProperty("local.server.port") + "/v1/" + ana.id + "/ready"))
                .header("Authorization", "Bearer " + ana.token).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(HTTP.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(4)).until(() -> ticketIds(get(ana.id, "tickets", ana.token))
                .contains(second));
    }

    @Test
    void offersPendingAndAgentsAwayAreCountedForSupervisorsAndInTheMetrics() throws Exception {
        final String queue = queue();
        final Agent ana = online(queue);
        final String ticket = produceTicket(queue, 1);
        awaitOffer(ana, ticket);
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));

        await().atMost(Duration.ofSeconds(5)).until(() -> queueFigures(queue, supervisor).get("offersPending")
                .asLong() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics().find("chat_ticket_offer_steps_total",
                Map.of("step", "OFFERED")).stream().mapToDouble(Scrape.Sample::value).sum() >= 1);

        await().atMost(Duration.ofSeconds(12)).until(() -> queueFigures(queue, supervisor).get("agentsAway")
                .asInt() == 1);
        assertThat(queueFigures(queue, supervisor).get("offersPending").asLong()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics().find("chat_ticket_pool_agents_away", Map.of())
                .stream().mapToDouble(Scrape.Sample::value).sum() >= 1);
    }

    @Test
    void theLiveStreamSendsTheAgentsOffersWithItsTickets() throws Exception {
        final String queue = queue();
        final Agent ana = online(queue);
        try (SseClient stream = new SseClient(URI.create("http://localhost:"
                + environment.getProperty("local.server.port") + "/v1/" + ana.id + "/tickets/stream"),
                Map.of("Authorization", "Bearer " + ana.token))) {
            assertThat(stream.next().name()).isEqualTo("tickets");
            assertThat(json.readTree(stream.next().data()).isEmpty()).as("offers, none yet").isTrue();

            final String ticket = produceTicket(queue, 1);

            final SseClient.Event tickets = stream.next();
            final SseClient.Event offers = stream.next();
            assertThat(tickets.name()).isEqualTo("tickets");
            assertThat(offers.name()).isEqualTo("offers");
            assertThat(offers.id()).isEqualTo(tickets.id());
            assertThat(json.readTree(tickets.data()).isEmpty()).isTrue();
            assertThat(json.readTree(offers.data()).get(0).get("ticket").get("id").asString()).isEqualTo(ticket);
        }
    }

    private JsonNode queueFigures(final String queue, final String supervisor) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + environment.getProperty("local.server.port") + "/v1/queues"))
                .header("Authorization", "Bearer " + supervisor).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("queues").valueStream()
                .filter(row -> row.get("queue").asString().equals(queue)).findFirst().orElseThrow();
    }

    private Scrape metrics() throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + environment.getProperty("local.management.port") + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Scrape.parse(response.body());
    }

    /** The ticket's decisions on ticket-assignments, once there are {@code count}. */
    private List<TicketAssignment> decisionsOf(final String ticket, final int count) {
        final List<TicketAssignment> decisions = new ArrayList<>();
        try (KafkaConsumer<String, TicketAssignment> consumer = fromStart("ticket-assignments",
                new ConfluentAvroDeserializer<>(SERDE, false))) {
            await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().equals(ticket)) {
                        decisions.add(r.value());
                    }
                });
                return decisions.size() >= count;
            });
        }
        return decisions;
    }

    private record Agent(String id, String token) {
    }

    private static String queue() {
        return "offers-" + UUID.randomUUID();
    }

    private Agent online(final String queue) throws Exception {
        final String id = UUID.randomUUID().toString();
        final Agent agent = new Agent(id, Tokens.forAgent(id, Map.of("queues", List.of(queue), "capacity", 1)));
        assertThat(put(id, "online", agent.token).status()).isEqualTo(200);
        return agent;
    }

    private JsonNode awaitOffer(final Agent agent, final String ticket) throws Exception {
        await().atMost(Duration.ofSeconds(4)).until(() -> pendingIds(agent).contains(ticket));
        return get(agent.id, "offers", agent.token).body().get(0);
    }

    private List<String> pendingIds(final Agent agent) throws Exception {
        final Answer offers = get(agent.id, "offers", agent.token);
        assertThat(offers.status()).isEqualTo(200);
        return offers.body().valueStream().map(offer -> offer.get("ticket").get("id").asString()).toList();
    }

    private HttpResponse<String> post(final Agent agent, final String ticket, final String answer, final String body)
            throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + environment.getProperty("local.server.port") + "/v1/" + agent.id + "/offers/" + ticket + "/"
                        + answer))
                .header("Authorization", "Bearer " + agent.token)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertError(final HttpResponse<String> response, final int status, final String message) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        final JsonNode body = json.readTree(response.body());
        assertThat(fieldNames(body)).containsExactly("errorCode", "errorMessage");
        assertThat(body.get("errorCode").asInt()).isEqualTo(status);
        assertThat(body.get("errorMessage").asString()).isEqualTo(message);
    }
}
