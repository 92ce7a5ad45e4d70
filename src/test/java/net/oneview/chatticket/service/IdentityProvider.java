package net.oneview.chatticket.service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * An identity provider as the service sees one outside the {@code dev} profile: its RSA signing key published as a JWK
 * set over HTTP on 127.0.0.1 ({@link #jwkSetUri()}), and tokens signed with that key.
 */
final class IdentityProvider implements AutoCloseable {

    static final String ISSUER = "https://idp.example.test/realms/oneview";

    private final RSAKey key;
    private final HttpServer server;

    IdentityProvider() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        final byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(keys);
            }
        });
        server.start();
    }

    String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** A token for the agent from this provider, for that audience (none: null) and issuer, good for an hour. */
    String token(final String agent, final String audience, final String issuer, final Map<String, Object> claims) {
        final JWTClaimsSet.Builder body = new JWTClaimsSet.Builder().subject(agent).issuer(issuer)
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
        if (audience != null) {
            body.audience(audience);
        }
        claims.forEach(body::claim);
        try {
            final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    body.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
