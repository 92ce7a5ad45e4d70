package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;

class AgentProfileTest {

    private static final AgentProperties SETTINGS = new AgentProperties("name", "queues", "capacity", List.of("general"), 3, 100);

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

    private static Jwt token(final Map<String, Object> claims) {
        final Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "HS256").subject("agent")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(token::claim);
        return token.build();
    }
}
