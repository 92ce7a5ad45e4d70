package net.oneview.chatticket.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What instances sign for each other: a caller's claims never make a forwarded read an instance's own, and stream
 * tickets are signed with a key of their own, shared by the instances but not the instances' tokens' key.
 */
class InternalTokensTest {

    private static final String SECRET = "a-shared-secret-for-this-test-0123456789";

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aCallersClaimsNeverMakeAForwardedReadAnInstancesOwn() {
        final InternalTokens tokens = new InternalTokens(SECRET, false);
        for (final Map<String, Object> claims : List.<Map<String, Object>>of(
                Map.of("sub", "chat-ticket-instance"),
                Map.of("sub", "chat-ticket-instance", "chat_ticket_instance", true, "aud", "chat-ticket-internal"))) {
            SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(caller(claims)));

            final Jwt forwarded = tokens.decoder(null).decode(bearer(tokens.forCurrentCaller("Bearer caller")));

            assertThat(forwarded.getSubject()).as("the caller's subject travels").isEqualTo("chat-ticket-instance");
            assertThat(tokens.isInstance(forwarded)).as("forwarded for a caller with %s", claims).isFalse();
        }
        assertThat(tokens.isInstance(tokens.decoder(null).decode(bearer(tokens.forInstance())))).isTrue();
    }

    @Test
    void streamTicketsHaveAKeyOfTheirOwnSharedByTheInstances() throws Exception {
        final InternalTokens one = new InternalTokens(SECRET, false);
        final InternalTokens other = new InternalTokens(SECRET, false);
        final String ticket = one.streamTicket(caller(Map.of("sub", "agent-1")));

        assertThat(other.streamTicketDecoder().decode(ticket).getSubject()).isEqualTo("agent-1");
        final String signedWithTheSharedSecret = sign(SECRET, "chat-ticket-stream");
        assertThatThrownBy(() -> other.streamTicketDecoder().decode(signedWithTheSharedSecret))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> other.decoder(null).decode(ticket)).isInstanceOf(JwtException.class);
    }

    private static Jwt caller(final Map<String, Object> claims) {
        return Jwt.withTokenValue("caller").header("alg", "RS256").claims(all -> all.putAll(claims))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    }

    private static String bearer(final String authorization) {
        return authorization.substring("Bearer ".length());
    }

    private static String sign(final String secret, final String audience) throws Exception {
        final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("agent-1").audience(audience).expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
