package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;

class AgentProfileTest {

    private static final AgentProperties SETTINGS = new AgentProperties("name", "queues", "capacity",
            List.of("general"), 3, 100, null);

    @Test
    void takesNameQueuesAndCapacityFromTheToken() {
        final AgentProfile profile = AgentProfile.of(token(Map.of("name", "Ana", "queues", List.of("id", "en", "en"),
                "capacity", 5)), SETTINGS);

        assertThat(profile).isEqualTo(new AgentProfile("Ana", List.of("en", "id"), 5));
    }

    @Test
    void acceptsQueuesAsACommaSeparatedClaimAndCapacityAsText() {
        final AgentProfile profile = AgentProfile.of(token(Map.of("queues", " en, id ,", "capacity", "2")), SETTINGS);

        assertThat(profile.queues()).containsExactly("en", "id");
        assertThat(profile.capacity()).isEqualTo(2);
    }

    @Test
    void fallsBackToTheDefaultsWhenClaimsAreMissingOrUnusable() {
        final AgentProfile profile = AgentProfile.of(token(Map.of("capacity", -4)), SETTINGS);

        assertThat(profile).isEqualTo(new AgentProfile(null, List.of("general"), 3));
    }

    @Test
    void refusesACapacityAboveTheMaximum() {
        assertThat(AgentProfile.of(token(Map.of("capacity", 100)), SETTINGS).capacity()).isEqualTo(100);
        for (final Object capacity : List.of(101, 5_000_000_000L, "101")) {
            assertThatThrownBy(() -> AgentProfile.of(token(Map.of("capacity", capacity)), SETTINGS))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                        assertThat(e.getMessage()).contains("above the maximum of 100");
                    });
        }
    }

    @Test
    void readsALevelAfterEachQueueAndPutsABareQueueAtLevelOne() {
        final AgentProfile profile = AgentProfile.of(token(Map.of("queues", List.of("english:5", "bahasa:2", "vip",
                "english:5", " billing : 3 "))), SETTINGS);

        assertThat(profile.queues()).as("names only, as agent-status has always carried them")
                .containsExactly("bahasa", "billing", "english", "vip");
        assertThat(profile.queueLevels()).containsExactly(entry("bahasa", 2), entry("billing", 3),
                entry("english", 5), entry("vip", 1));
    }

    @Test
    void readsLevelsInACommaSeparatedClaimTooAndTheLevelFollowsTheLastColon() {
        final AgentProfile profile = AgentProfile.of(token(Map.of("queues", "english:1,sales:eu:4")), SETTINGS);

        assertThat(profile.queueLevels()).containsExactly(entry("english", 1), entry("sales:eu", 4));
    }

    @Test
    void withoutAQueuesClaimTheDefaultQueuesAreAtLevelOneAndCapacityCountsEveryChannel() {
        final AgentProfile profile = AgentProfile.of(token(Map.of("name", "Ana")), SETTINGS);

        assertThat(profile.queueLevels()).containsExactly(entry("general", 1));
        assertThat(profile.channelCapacity()).isEmpty();
        assertThat(AgentProfile.defaults(SETTINGS).queueLevels()).containsExactly(entry("general", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "english:7        | queue entry 'english:7' (claim 'queues') has level 7; levels are 1 to 5",
        "english:0        | queue entry 'english:0' (claim 'queues') has level 0; levels are 1 to 5",
        "english:-1       | queue entry 'english:-1' (claim 'queues') has level '-1'; levels are 1 to 5",
        "english:2.5      | queue entry 'english:2.5' (claim 'queues') has level '2.5'; levels are 1 to 5",
        "english:high     | queue entry 'english:high' (claim 'queues') has level 'high'; levels are 1 to 5",
        "english:         | queue entry 'english:' (claim 'queues') has level ''; levels are 1 to 5",
        ":3               | queue entry ':3' (claim 'queues') has no queue name",
        "english:2;english:5 | queue 'english' (claim 'queues') is listed with levels 2 and 5; give it one level",
        "english;english:3 | queue 'english' (claim 'queues') is listed with levels 1 and 3; give it one level"})
    void refusesAnEntryWhoseLevelCannotBeUsed(final String entries, final String message) {
        for (final Object claim : List.of(List.of(entries.split(";")), entries.replace(';', ','))) {
            assertBadRequest(Map.of("queues", claim), message);
        }
    }

    @Test
    void takesACapacityPerChannelFromAJsonObjectOrText() {
        for (final Object claim : List.<Object>of(Map.of("chat", 3, "email", 5L), Map.of("chat", "3", "email", 5.0),
                "chat:3,email:5", " email : 5 , chat:3 ,")) {
            final AgentProfile profile = AgentProfile.of(token(Map.of("capacity", claim)), SETTINGS);

            assertThat(profile.channelCapacity()).as(claim.toString())
                    .containsExactly(entry("chat", 3), entry("email", 5));
            assertThat(profile.capacity()).as("the sum").isEqualTo(8);
        }
    }

    @Test
    void aChannelMayHaveNoCapacity() {
        final AgentProfile profile = AgentProfile.of(token(Map.of("capacity", Map.of("chat", 0, "email", 2))),
                SETTINGS);

        assertThat(profile.channelCapacity()).containsExactly(entry("chat", 0), entry("email", 2));
        assertThat(profile.capacity()).isEqualTo(2);
    }

    @Test
    void theChannelsAreConfigured() {
        final AgentProperties faxes = new AgentProperties("name", "queues", "capacity", List.of(), 3, 100,
                List.of("chat", " fax "));

        assertThat(AgentProfile.of(token(Map.of("capacity", "fax:2")), faxes).channelCapacity())
                .containsExactly(entry("fax", 2));
        assertThatThrownBy(() -> AgentProfile.of(token(Map.of("capacity", "email:2")), faxes))
                .hasMessage("channel 'email' (claim 'capacity') is not one of chat, fax (chat-ticket.agents.channels)");
        assertThat(SETTINGS.channels()).containsExactly("chat", "email", "voice", "sms", "social");
        assertThatThrownBy(() -> new AgentProperties("name", "queues", "capacity", List.of(), 3, 100,
                List.of("Chat"))).hasMessageContaining("lower case");
    }

    static Stream<Arguments> badCapacities() {
        final Map<String, Object> twoChannels = new LinkedHashMap<>();
        twoChannels.put("chat", 60);
        twoChannels.put("email", 41);
        return Stream.of(
                arguments(Map.of("fax", 2), "channel 'fax' (claim 'capacity') is not one of chat, email, voice, sms, "
                        + "social (chat-ticket.agents.channels)"),
                arguments(Map.of("Chat", 2), "channel 'Chat' (claim 'capacity') is not one of chat, email, voice, "
                        + "sms, social (chat-ticket.agents.channels)"),
                arguments("chat:2,fax:1", "channel 'fax' (claim 'capacity') is not one of chat, email, voice, sms, "
                        + "social (chat-ticket.agents.channels)"),
                arguments(Map.of("chat", -1), "capacity '-1' for channel 'chat' (claim 'capacity') is negative"),
                arguments("chat:-1", "capacity '-1' for channel 'chat' (claim 'capacity') is negative"),
                arguments(Map.of("chat", 2.5), "capacity '2.5' for channel 'chat' (claim 'capacity') is not a whole "
                        + "number"),
                arguments(Map.of("chat", "three"), "capacity 'three' for channel 'chat' (claim 'capacity') is not a "
                        + "whole number"),
                arguments(Map.of("chat", true), "capacity 'true' for channel 'chat' (claim 'capacity') is not a "
                        + "whole number"),
                arguments("chat:", "capacity '' for channel 'chat' (claim 'capacity') is not a whole number"),
                arguments(Map.of(), "capacity (claim 'capacity') gives no channel; give a count per channel, or one "
                        + "number for every channel"),
                arguments("chat:3,5", "capacity entry '5' (claim 'capacity') names no channel; write channel:count"),
                arguments("chat:3,chat:3", "channel 'chat' (claim 'capacity') is given twice"),
                arguments(Map.of("chat", 101), "capacity '101' for channel 'chat' (claim 'capacity') is above the "
                        + "maximum of 100"),
                arguments(Map.of("chat", 5_000_000_000L), "capacity '5000000000' for channel 'chat' (claim "
                        + "'capacity') is above the maximum of 100"),
                arguments(twoChannels, "capacity 101 (claim 'capacity', the sum of its channels) is above the maximum "
                        + "of 100"));
    }

    @ParameterizedTest
    @MethodSource("badCapacities")
    void refusesACapacityPerChannelThatCannotBeRead(final Object claim, final String message) {
        assertBadRequest(Map.of("capacity", claim), message);
    }

    @Test
    void aSupervisorKeepsTheLevelsAndChannelsTheAgentHas() {
        final AgentView view = AgentView.newBuilder().setAgentId("agent").setName("Ana")
                .setQueues(List.of("bahasa", "english")).setQueueLevels(Map.of("english", 5)).setCapacity(8)
                .setChannelCapacity(Map.of("chat", 3, "email", 5)).build();

        final AgentProfile profile = AgentProfile.of(view);

        assertThat(profile.queueLevels()).as("a queue the store has no level for is at level 1")
                .containsExactly(entry("bahasa", 1), entry("english", 5));
        assertThat(profile.channelCapacity()).containsExactly(entry("chat", 3), entry("email", 5));
        assertThat(profile.capacity()).isEqualTo(8);
    }

    private static void assertBadRequest(final Map<String, Object> claims, final String message) {
        assertThatThrownBy(() -> AgentProfile.of(token(claims), SETTINGS)).as(claims.toString())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    private static Jwt token(final Map<String, Object> claims) {
        final Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "HS256").subject("agent")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(token::claim);
        return token.build();
    }
}
