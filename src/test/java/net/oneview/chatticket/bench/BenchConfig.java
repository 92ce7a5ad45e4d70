package net.oneview.chatticket.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;

/**
 * What `make bench`, `make chaos` and `make cluster` run against, from the environment src/local/driver.sh sets: the
 * broker and registry it started, the jar, the port for the service, the phases (ONLY) and the size (QUICK).
 */
record BenchConfig(String bootstrap, String registry, String jar, int servicePort, Path dir, Set<String> only,
        boolean quick, boolean profile, String jwtSecret, String internalSecret) {

    static BenchConfig fromEnvironment() {
        final String only = env("ONLY", "");
        return new BenchConfig(env("KAFKA_BOOTSTRAP", "127.0.0.1:19092"),
                env("SCHEMA_REGISTRY_URL", "http://127.0.0.1:18081/apis/ccompat/v7"), env("SERVICE_JAR", ""),
                Integer.parseInt(env("SERVICE_PORT", "18090")), Path.of(env("BENCH_DIR", ".bench")),
                only.isBlank() ? Set.of() : Set.of(only.split(",")), flag("QUICK"), flag("PROFILE"),
                env("CHAT_TICKET_SECURITY_JWT_SECRET", "dev-only-secret-change-me-0123456789abcdef"),
                env("CHAT_TICKET_QUERIES_INTERNAL_SECRET", "dev-only-internal-secret-change-me-0123456789"));
    }

    boolean runs(final String phase) {
        return only.isEmpty() || only.contains(phase);
    }

    /** The full size, or a small one with QUICK=1. */
    int size(final int full, final int quick) {
        return this.quick ? quick : full;
    }

    private static boolean flag(final String name) {
        return !env(name, "0").equals("0");
    }

    private static String env(final String name, final String fallback) {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A development token for the agent, with these claims, good for an hour. */
    String token(final String agent, final Map<String, Object> claims) {
        final JWTClaimsSet.Builder body = new JWTClaimsSet.Builder().subject(agent)
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
        claims.forEach(body::claim);
        return sign(body.build(), jwtSecret);
    }

    /** What one instance shows another when it forwards a read: signed with the instances' shared secret. */
    String internalToken(final String agent) {
        return sign(new JWTClaimsSet.Builder().subject(agent).audience("chat-ticket-internal")
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))).build(), internalSecret);
    }

    private static String sign(final JWTClaimsSet claims, final String secret) {
        try {
            final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
