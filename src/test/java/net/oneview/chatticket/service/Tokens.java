package net.oneview.chatticket.service;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Signs test tokens with the development secret of application-dev.properties (or another, to test rejection). */
final class Tokens {

    static final String DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef";

    private Tokens() {
    }

    static String forAgent(final String agent, final Map<String, Object> claims) {
        return sign(agent, claims, Instant.now().plusSeconds(3600), DEV_SECRET);
    }

    /** A token that expires at {@code expiry} (its validation allows 60 s of clock skew after that). */
    static String forAgentUntil(final String agent, final Map<String, Object> claims, final Instant expiry) {
        return sign(agent, claims, expiry, DEV_SECRET);
    }

    static String forAgent(final String agent) {
        return forAgent(agent, Map.of("name", "Agent " + agent.substring(0, 4)));
    }

    static String expired(final String agent) {
        return sign(agent, Map.of(), Instant.now().minusSeconds(600), DEV_SECRET);
    }

    static String signedWithAnotherSecret(final String agent) {
        return sign(agent, Map.of(), Instant.now().plusSeconds(3600), "another-secret-another-secret-another-secret");
    }

    private static String sign(final String agent, final Map<String, Object> claims, final Instant expiry,
            final String secret) {
        try {
            final JWTClaimsSet.Builder body = new JWTClaimsSet.Builder().subject(agent).expirationTime(Date.from(expiry));
            claims.forEach(body::claim);
            final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), body.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
