package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.events.TicketCreated;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Live streams on the embedded broker: an agent's stream gets its list at once and again after each decision,
 * reconnects with Last-Event-ID without losing a ticket, opens with a stream ticket (never with a caller's token in the
 * URL), and answers errors in the blueprint's body; the supervisor's counts, now and live.
 */
class LiveStreamsTest extends ServiceTestSupport {

    private static final String SUPERVISE = "openid tickets:supervise";

    @Test
    void anAgentsStreamStartsWithItsListAndGetsEachNewTicket() throws Exception {
        final String queue = "live-" + UUID.randomUUID();
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent, Map.of("queues", List.of(queue), "capacity", 3));
        put(agent, "online", token);

        try (SseClient stream = client("/v1/" + agent + "/tickets/stream", Map.of("Authorization", "Bearer " + token))) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            final SseClient.Event first = stream.next();
            assertThat(first.name()).isEqualTo("tickets");
            assertThat(json.readTree(first.data()).size()).isZero();

            final String ticket = produceTicket(queue, 2);
            final SseClient.Event assigned = stream.next();
            assertThat(Long.parseLong(assigned.id())).isGreaterThan(Long.parseLong(first.id()));
            assertThat(ids(assigned)).containsExactly(ticket);
            assertThat(json.readTree(assigned.data())).isEqualTo(get(agent, "tickets", token).body());
        }
    }

    @Test
    void aListLargerThanARecordMayBeStillReachesTheStream() throws Exception {
        final String queue = "large-" + UUID.randomUUID();
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent, Map.of("queues", List.of(queue), "capacity", 8));
        put(agent, "online", token);
        final String text = "x".repeat(200_000);
        try (SseClient stream = client("/v1/" + agent + "/tickets/stream", Map.of("Authorization", "Bearer " + token))) {
            stream.next();
            for (int i = 0; i < 6; i++) {
                produceTicketOfText(queue, text);
            }
            SseClient.Event event;
            do {
                event = stream.next();
            } while (ids(event).size() < 6);
            assertThat(event.data().length()).as("a list of six large tickets").isGreaterThan(1_200_000);
        }
    }

    @Test
    void twoClientsThatStopReadingDoNotDelayAnotherAgentsStream() throws Exception {
        final String queue = "live-" + UUID.randomUUID();
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent, Map.of("queues", List.of(queue), "capacity", 3));
        put(agent, "online", token);
        final List<Socket> asleep = new ArrayList<>();
        try (SseClient stream = client("/v1/" + agent + "/tickets/stream", Map.of("Authorization", "Bearer " + token))) {
            stream.next();
            // their lists grow to 6 MB, more than the server's socket buffers for a client that takes nothing
            for (int i = 0; i < 2; i++) {
                final String queueOfLarge = "large-" + UUID.randomUUID();
                final String large = UUID.randomUUID().toString();
                final String largesToken = Tokens.forAgent(large, Map.of("queues", List.of(queueOfLarge),
                        "capacity", 30));
                put(large, "online", largesToken);
                asleep.add(stalledStream(large, largesToken));
                final String text = "x".repeat(200_000);
                for (int j = 0; j < 30; j++) {
                    produceTicketOfText(queueOfLarge, text);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> ticketIds(get(large, "tickets", largesToken))
                        .size() == 30);
            }

            final String ticket = produceTicket(queue, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> ticketIds(get(agent, "tickets", token))
                    .contains(ticket));
            final List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> {
                for (SseClient.Event event = stream.poll(); event != null; event = stream.poll()) {
                    seen.addAll(ids(event));
                }
                return seen.contains(ticket);
            });
        } finally {
            for (final Socket socket : asleep) {
                socket.close();
            }
        }
    }

    @Test
    void aStreamEndsWhenItsCallersTokenExpiresAlsoWhenOpenedWithAStreamTicket() throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgentUntil(agent, Map.of(), Instant.now().plusSeconds(3));
        put(agent, "online", token);
        final String ticket = json.readTree(post("/v1/stream-tickets", "Bearer " + token).body()).get("ticket")
                .asString();
        try (SseClient byHeader = client("/v1/" + agent + "/tickets/stream",
                Map.of("Authorization", "Bearer " + token));
                SseClient byTicket = client("/v1/" + agent + "/tickets/stream?ticket=" + ticket, Map.of())) {
            byHeader.next();
            byTicket.next();
            await().atMost(Duration.ofSeconds(15)).until(() -> byHeader.ended() && byTicket.ended());
        }
    }

    @Test
    void oneCallerOpensNoMoreThanItsShareOfStreams() throws Exception {
        final int share = environment.getProperty("chat-ticket.live.max-streams-per-subject", Integer.class);
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent);
        put(agent, "online", token);
        final String path = "/v1/" + agent + "/tickets/stream";
        final List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < share; i++) {
                open.add(client(path, Map.of("Authorization", "Bearer " + token)));
                assertThat(open.get(i).response.statusCode()).isEqualTo(200);
            }
            assertError(client(path, Map.of("Authorization", "Bearer " + token)), 429);

            final String other = UUID.randomUUID().toString();
            final String othersToken = Tokens.forAgent(other);
            put(other, "online", othersToken);
            try (SseClient others = client("/v1/" + other + "/tickets/stream",
                    Map.of("Authorization", "Bearer " + othersToken))) {
                assertThat(others.response.statusCode()).isEqualTo(200);
            }
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsWhatItMissed() throws Exception {
        final String queue = "live-" + UUID.randomUUID();
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent, Map.of("queues", List.of(queue), "capacity", 3));
        put(agent, "online", token);
        final String first = produceTicket(queue, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> ticketIds(get(agent, "tickets", token)).size() == 1);
        final String lastId;
        try (SseClient stream = client("/v1/" + agent + "/tickets/stream", Map.of("Authorization", "Bearer " + token))) {
            final SseClient.Event event = stream.next();
            assertThat(ids(event)).containsExactly(first);
            lastId = event.id();
        }

        final String missed = produceTicket(queue, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> ticketIds(get(agent, "tickets", token)).size() == 2);

        try (SseClient again = client("/v1/" + agent + "/tickets/stream",
                Map.of("Authorization", "Bearer " + token, "Last-Event-ID", lastId))) {
            final SseClient.Event event = again.next();
            assertThat(Long.parseLong(event.id())).isGreaterThan(Long.parseLong(lastId));
            assertThat(ids(event)).containsExactlyInAnyOrder(first, missed);
        }
    }

    @Test
    void aBrowserOpensTheStreamWithAStreamTicketNeverWithItsToken() throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent);
        put(agent, "online", token);
        final HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(uri("/v1/stream-tickets"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).isEqualTo(200);
        final JsonNode ticket = json.readTree(issued.body());
        assertThat(ticket.get("expiresIn").asInt()).isPositive();

        try (SseClient stream = client("/v1/" + agent + "/tickets/stream?ticket=" + ticket.get("ticket").asString(),
                Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.next().name()).isEqualTo("tickets");
        }
        try (SseClient withToken = client("/v1/" + agent + "/tickets/stream?ticket=" + token, Map.of())) {
            assertThat(withToken.response.statusCode()).isEqualTo(401);
        }
        try (SseClient otherAgent = client("/v1/" + UUID.randomUUID() + "/tickets/stream?ticket="
                + ticket.get("ticket").asString(), Map.of())) {
            assertThat(otherAgent.response.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aStreamTicketOpensStreamsOnlyAndInstancesEndpointsTakeNoCallersToken() throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent);
        put(agent, "online", token);
        final String ticket = json.readTree(post("/v1/stream-tickets", "Bearer " + token).body()).get("ticket")
                .asString();

        assertThat(post("/v1/stream-tickets", null).statusCode()).isEqualTo(401);
        assertThat(HTTP.send(HttpRequest.newBuilder(uri("/v1/stream-tickets")).header("Authorization", "Bearer "
                + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(get(agent, "tickets", ticket).status()).as("a stream ticket as a bearer token").isEqualTo(401);
        assertError(client("/v1/" + agent + "/tickets/stream?ticket=not-a-ticket", Map.of()), 401);
        for (final String caller : List.of(token, ticket)) {
            final HttpResponse<String> share = HTTP.send(HttpRequest.newBuilder(uri("/internal/queues"))
                    .header("Authorization", "Bearer " + caller).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(share.statusCode()).as(share.body()).isEqualTo(401);
        }
        try (SseClient stream = client("/v1/" + agent + "/tickets/stream",
                Map.of("Authorization", "Bearer " + token, "Last-Event-ID", "not-a-version"))) {
            assertThat(stream.next().data()).as("a foreign id gets the whole list").isEqualTo("[]");
        }
    }

    @Test
    void errorsComeBeforeTheStreamInTheBlueprintsBody() throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent);
        assertError(client("/v1/" + agent + "/tickets/stream", Map.of()), 401);
        assertError(client("/v1/not-a-uuid/tickets/stream", Map.of("Authorization", "Bearer " + token)), 400);
        assertError(client("/v1/" + UUID.randomUUID() + "/tickets/stream",
                Map.of("Authorization", "Bearer " + token)), 403);
        assertError(client("/v1/" + agent + "/tickets/stream", Map.of("Authorization", "Bearer " + token)), 404);
    }

    @Test
    void aSupervisorSeesAQueueBuildUpNowAndLive() throws Exception {
        final String queue = "watched-" + UUID.randomUUID();
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", SUPERVISE));
        produceTicket(queue, 1);
        produceTicket(queue, 3);
        produceTicket(queue, 3);

        await().atMost(Duration.ofSeconds(20)).until(() -> waiting(queues(supervisor), queue) == 3);
        final JsonNode row = row(queues(supervisor), queue);
        assertThat(row.get("pool").asString()).isEqualTo("default");
        assertThat(row.get("waitingByPriority").get("1").asLong()).isEqualTo(1);
        assertThat(row.get("waitingByPriority").get("3").asLong()).isEqualTo(2);
        assertThat(row.get("oldestWaitingSeconds").asLong()).isNotNegative();
        assertThat(row.get("agentsOnline").asInt()).isZero();

        try (SseClient stream = client("/v1/queues/stream", Map.of("Authorization", "Bearer " + supervisor))) {
            assertThat(waiting(json.readTree(stream.next().data()), queue)).isEqualTo(3);
            final String agent = UUID.randomUUID().toString();
            put(agent, "online", Tokens.forAgent(agent, Map.of("queues", List.of(queue), "capacity", 2)));
            SseClient.Event event;
            do {
                event = stream.next();
            } while (waiting(json.readTree(event.data()), queue) != 1);
            assertThat(row(json.readTree(event.data()), queue).get("agentsOnline").asInt()).isEqualTo(1);
        }

        final String agent = UUID.randomUUID().toString();
        assertThat(HTTP.send(HttpRequest.newBuilder(uri("/v1/queues")).header("Authorization", "Bearer "
                + Tokens.forAgent(agent)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }

    /**
     * Opens the agent's stream over a socket that receives little and reads only the status line, then nothing: a
     * client whose TCP window has closed (a laptop asleep).
     */
    private Socket stalledStream(final String agent, final String token) throws Exception {
        final Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", Integer.parseInt(environment.getProperty(
                "local.server.port"))));
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /v1/" + agent + "/tickets/stream HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        final InputStream in = socket.getInputStream();
        final StringBuilder status = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            status.append((char) c);
        }
        assertThat(status.toString()).startsWith("HTTP/1.1 200");
        return socket;
    }

    private void produceTicketOfText(final String queue, final String text) throws Exception {
        final String id = UUID.randomUUID().toString();
        produce("ticket-created", id, TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now())
                .setQueue(queue).setChannel("chat").setContent("{\"text\":\"" + text + "\"}").setPriority(1)
                .build());
    }

    private JsonNode queues(final String token) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/v1/queues"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static JsonNode row(final JsonNode overview, final String queue) {
        for (final JsonNode row : overview.get("queues")) {
            if (row.get("queue").asString().equals(queue)) {
                return row;
            }
        }
        return null;
    }

    private static long waiting(final JsonNode overview, final String queue) {
        final JsonNode row = row(overview, queue);
        return row == null ? 0 : row.get("waiting").asLong();
    }

    private SseClient client(final String path, final Map<String, String> headers) throws Exception {
        return new SseClient(uri(path), headers);
    }

    private List<String> ids(final SseClient.Event event) {
        final List<String> ids = new ArrayList<>();
        json.readTree(event.data()).forEach(ticket -> ids.add(ticket.get("id").asString()));
        return ids;
    }

    private void assertError(final SseClient client, final int status) throws Exception {
        try (client) {
            assertThat(client.response.statusCode()).isEqualTo(status);
            final String body = client.errorBody();
            assertThat(json.readTree(body).has("errorMessage")).as(body).isTrue();
        }
    }

    private HttpResponse<String> post(final String path, final String authorization) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path) {
        return URI.create("http://localhost:" + environment.getProperty("local.server.port") + path);
    }
}
