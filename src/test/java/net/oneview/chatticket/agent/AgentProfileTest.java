package net.oneview.chatticket.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class AgentProfileTest {

    private static final AgentProperties SETTINGS = new AgentProperties("name", "queues", "capacity", List.of("general"), 3);

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

    private static Jwt token(final Map<String, Object> claims) {
        final Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "HS256").subject("agent")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(token::claim);
        return token.build();
    }
}
