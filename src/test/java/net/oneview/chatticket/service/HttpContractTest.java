package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every status code of the blueprint, with its error body and the media type the blueprint declares, for each endpoint;
 * also 401 and 405. The agent's profile from its token: levels and a capacity per channel answered and published, or
 * refused with 400 when they cannot be used.
 */
class HttpContractTest extends ServiceTestSupport {

    /** Answers of the blueprint a healthy service cannot be made to give: an agent going online is never unknown. */
    private static final Set<String> NOT_PROVOKED = Set.of("PUT /v1/{agentID}/online 404",
            "GET /v1/{agentID}/tickets 500", "PUT /v1/{agentID}/online 500", "PUT /v1/{agentID}/offline 500");

    private static final List<String[]> ENDPOINTS = List.of(
            new String[] {"GET", "tickets"}, new String[] {"PUT", "online"}, new String[] {"PUT", "offline"});

    @Test
    void everyAnswerOfTheBlueprintIsServedWithItsMediaTypeExactly() throws Exception {
        final ApiBlueprint blueprint = ApiBlueprint.read();
        final List<String> checked = new ArrayList<>();
        for (final ApiBlueprint.Action action : blueprint.actions()) {
            final String endpoint = action.path().substring(action.path().lastIndexOf('/') + 1);
            for (final Map.Entry<Integer, String> declared : action.mediaTypes().entrySet()) {
                final String transaction = action.method() + " " + action.path() + " " + declared.getKey();
                if (NOT_PROVOKED.contains(transaction)) {
                    continue;
                }
                final HttpResponse<String> answer = provoke(action.method(), endpoint, declared.getKey());
                assertThat(answer.statusCode()).as(transaction + ": " + answer.body()).isEqualTo(declared.getKey());
                assertThat(answer.headers().allValues("Content-Type")).as(transaction)
                        .containsExactly(declared.getValue());
                checked.add(transaction);
            }
        }
        assertThat(checked).as("transactions checked").hasSize(11);
    }

    /** Sends the request that makes the endpoint answer {@code status}. */
    private HttpResponse<String> provoke(final String method, final String endpoint, final int status)
            throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent);
        return switch (status) {
            case 200 -> {
                put(agent, "online", token);
                yield send(method, agent, endpoint, token);
            }
            case 400 -> send(method, "not-a-uuid", endpoint, token);
            case 403 -> {
                put(agent, "online", token);
                yield send(method, agent, endpoint, Tokens.forAgent(UUID.randomUUID().toString()));
            }
            case 404 -> send(method, agent, endpoint, token);
            default -> throw new IllegalArgumentException("no request known to answer " + status);
        };
    }

    @Test
    void anAgentIdThatIsNotAUuidIs400() throws Exception {
        for (final String[] endpoint : ENDPOINTS) {
            assertError(send(endpoint[0], "not-a-uuid", endpoint[1], Tokens.forAgent(UUID.randomUUID().toString())),
                    400, "bad request");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "malformed", "expired", "badly signed"})
    void everyEndpointAnswers401WithoutAValidToken(final String problem) throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = switch (problem) {
            case "missing" -> null;
            case "malformed" -> "not.a.jwt";
            case "expired" -> Tokens.expired(agent);
            default -> Tokens.signedWithAnotherSecret(agent);
        };
        for (final String[] endpoint : ENDPOINTS) {
            assertError(send(endpoint[0], agent, endpoint[1], token), 401, "not authorize");
        }
    }

    @Test
    void aTokenForAnotherAgentIs403() throws Exception {
        final String agent = UUID.randomUUID().toString();
        put(agent, "online", Tokens.forAgent(agent));
        final String intruder = Tokens.forAgent(UUID.randomUUID().toString());

        for (final String[] endpoint : ENDPOINTS) {
            assertError(send(endpoint[0], agent, endpoint[1], intruder), 403, "forbidden");
        }
    }

    @Test
    void aSupervisorMayReadAnotherAgent() throws Exception {
        final String agent = UUID.randomUUID().toString();
        put(agent, "online", Tokens.forAgent(agent));
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "openid tickets:supervise"));

        final Answer tickets = get(agent, "tickets", supervisor);

        assertThat(tickets.status()).isEqualTo(200);
        assertThat(tickets.body().isArray()).isTrue();
    }

    @Test
    void aSupervisorActingForAnAgentLeavesTheAgentsProfileAsItIs() throws Exception {
        final String agent = UUID.randomUUID().toString();
        put(agent, "online", Tokens.forAgent(agent, Map.of("name", "Ana", "queues", List.of("vip"), "capacity", 4)));
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(),
                Map.of("name", "Sam the supervisor", "scope", "tickets:supervise"));

        final Answer offline = put(agent, "offline", supervisor);

        assertThat(offline.status()).isEqualTo(200);
        assertThat(offline.body().get("name").asString()).isEqualTo("Ana");
        final var events = readAgentStatuses(agent, 2);
        assertThat(events.get(1).getName()).isEqualTo("Ana");
        assertThat(events.get(1).getQueues()).containsExactly("vip");
        assertThat(events.get(1).getCapacity()).isEqualTo(4);
    }

    @Test
    void anAgentNeverSeenIs404ForTicketsAndForGoingOffline() throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent);

        assertError(send("GET", agent, "tickets", token), 404, "not found");
        assertError(send("PUT", agent, "offline", token), 404, "not found");
    }

    @Test
    void aCapacityAboveTheMaximumIs400AndPublishesNothing() throws Exception {
        final String agent = UUID.randomUUID().toString();

        assertError(send("PUT", agent, "online", Tokens.forAgent(agent, Map.of("capacity", 101))), 400,
                "bad request: capacity 101 (claim 'capacity') is above the maximum of 100");
        assertError(send("GET", agent, "tickets", Tokens.forAgent(agent)), 404, "not found");
    }

    @Test
    void levelsAndACapacityPerChannelAreAnsweredPublishedAndKeptWhenASupervisorActs() throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent, Map.of("name", "Ana", "queues", List.of("english:5", "bahasa:2",
                "vip"), "capacity", Map.of("chat", 3, "email", 5)));

        final Answer online = put(agent, "online", token);

        assertThat(online.status()).as(online.body().toString()).isEqualTo(200);
        assertThat(fieldNames(online.body())).containsExactlyInAnyOrder("id", "name", "lastLoginTime", "updatedAt",
                "agentTimeInStatus", "queueLevels", "channelCapacity");
        assertThat(online.body().get("queueLevels").toString()).isEqualTo("{\"bahasa\":2,\"english\":5,\"vip\":1}");
        assertThat(online.body().get("channelCapacity").toString()).isEqualTo("{\"chat\":3,\"email\":5}");
        final AgentStatusChanged event = readAgentStatus(agent);
        assertThat(event.getQueues()).containsExactly("bahasa", "english", "vip");
        assertThat(event.getQueueLevels()).containsOnly(entry("bahasa", 2), entry("english", 5), entry("vip", 1));
        assertThat(event.getCapacity()).isEqualTo(8);
        assertThat(event.getChannelCapacity()).containsOnly(entry("chat", 3), entry("email", 5));

        final Answer offline = put(agent, "offline", Tokens.forAgent(UUID.randomUUID().toString(),
                Map.of("scope", "tickets:supervise", "queues", "english", "capacity", 2)));

        assertThat(offline.status()).isEqualTo(200);
        assertThat(offline.body().get("queueLevels")).isEqualTo(online.body().get("queueLevels"));
        assertThat(offline.body().get("channelCapacity")).isEqualTo(online.body().get("channelCapacity"));
        final AgentStatusChanged kept = readAgentStatuses(agent, 2).get(1);
        assertThat(kept.getStatus()).isEqualTo(AgentStatus.OFFLINE);
        assertThat(kept.getQueueLevels()).as("from the agent's store").isEqualTo(event.getQueueLevels());
        assertThat(kept.getChannelCapacity()).isEqualTo(event.getChannelCapacity());
        assertThat(kept.getCapacity()).isEqualTo(8);
    }

    @ParameterizedTest
    @MethodSource("unusableProfiles")
    void aLevelOrACapacityPerChannelThatCannotBeUsedIs400AndPublishesNothing(final String claim, final Object value)
            throws Exception {
        final String agent = UUID.randomUUID().toString();

        final HttpResponse<String> refused = send("PUT", agent, "online", Tokens.forAgent(agent, Map.of(claim, value)));
        assertThat(refused.statusCode()).isEqualTo(400);
        final JsonNode body = json.readTree(refused.body());
        assertThat(fieldNames(body)).containsExactly("errorCode", "errorMessage");
        assertThat(body.get("errorMessage").asString()).as("names the claim").startsWith("bad request: ")
                .contains("(claim '" + claim + "'");
        assertError(send("GET", agent, "tickets", Tokens.forAgent(agent)), 404, "not found");
    }

    static Stream<Arguments> unusableProfiles() {
        return Stream.of(arguments("queues", List.of("english:7")), arguments("queues", "english:2,english:3"),
                arguments("queues", List.of(":3")), arguments("capacity", Map.of("chat", -1)),
                arguments("capacity", Map.of("chat", 2.5)), arguments("capacity", Map.of("fax", 2)),
                arguments("capacity", Map.of()), arguments("capacity", "chat:3,fax:1"),
                arguments("capacity", Map.of("chat", 60, "email", 41)));
    }

    @Test
    void unknownPathsAre404AndWrongMethods405InTheSameShape() throws Exception {
        final String agent = UUID.randomUUID().toString();
        final String token = Tokens.forAgent(agent);

        assertError(send("GET", agent, "nothing-here", token), 404, "not found");
        assertError(send("DELETE", agent, "tickets", token), 405, "method not allowed");
        assertError(send("GET", agent, "online", token), 405, "method not allowed");
    }

    @Test
    void theHealthCheckNeedsNoTokenAndShowsItsDetailsToSupervisorsOnly() throws Exception {
        final HttpResponse<String> anonymous = health(null);
        final HttpResponse<String> agent = health(Tokens.forAgent(UUID.randomUUID().toString()));
        final HttpResponse<String> supervisor = health(Tokens.forAgent(UUID.randomUUID().toString(),
                Map.of("scope", "tickets:supervise")));

        for (final HttpResponse<String> health : List.of(anonymous, agent, supervisor)) {
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(json.readTree(health.body()).at("/components/kafkaStreams/status").asString()).isEqualTo("UP");
        }
        for (final HttpResponse<String> health : List.of(anonymous, agent)) {
            assertThat(health.body()).doesNotContain("details").doesNotContain("RUNNING").doesNotContain("path");
        }
        assertThat(json.readTree(supervisor.body()).at("/components/kafkaStreams/details/state").asString())
                .isEqualTo("RUNNING");
    }

    @Test
    void queryParametersThatCannotBeDecodedAre400() throws Exception {
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));
        final HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + environment.getProperty("local.management.port") + "/actuator/health/kafkaStreams?%ff%fe=x"))
                .header("Authorization", "Bearer " + supervisor).build(), HttpResponse.BodyHandlers.ofString());

        assertError(answer, 400, "bad request");
    }

    private HttpResponse<String> health(final String token) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                + environment.getProperty("local.management.port") + "/actuator/health"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertError(final HttpResponse<String> response, final int status, final String message) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        assertThat(response.headers().allValues("Content-Type")).containsExactly("application/json");
        final JsonNode body = json.readTree(response.body());
        assertThat(fieldNames(body)).containsExactly("errorCode", "errorMessage");
        assertThat(body.get("errorCode").asInt()).isEqualTo(status);
        assertThat(body.get("errorMessage").asString()).isEqualTo(message);
    }
}
