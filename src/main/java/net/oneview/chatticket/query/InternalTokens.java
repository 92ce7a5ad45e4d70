package net.oneview.chatticket.query;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * What one instance shows another when it forwards a read: not the caller's token (which would then travel between
 * instances in clear text), but a short-lived one it signs itself with the instances' shared secret
 * ({@code chat-ticket.queries.internal-secret}), saying who the caller is (the caller's claims: subject, scopes) to an
 * audience of its own, so it is good for nothing but the internal endpoints. Without a secret, instances forward the
 * caller's token only if told to ({@code forward-caller-token=true}, for deployments whose traffic between instances
 * is protected otherwise, such as a service mesh with mutual TLS); else they forward nothing (503).
 */
@Component
public class InternalTokens {

    static final String AUDIENCE = "chat-ticket-internal";
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final Set<String> NOT_COPIED = Set.of(JwtClaimNames.EXP, JwtClaimNames.IAT, JwtClaimNames.NBF,
            JwtClaimNames.AUD, JwtClaimNames.ISS, JwtClaimNames.JTI);

    private final byte[] secret;
    private final boolean forwardCallerToken;

    public InternalTokens(@Value("${chat-ticket.queries.internal-secret:}") final String secret,
            @Value("${chat-ticket.queries.forward-caller-token:false}") final boolean forwardCallerToken) {
        if (!secret.isEmpty() && secret.length() < 32) {
            throw new IllegalStateException("chat-ticket.queries.internal-secret must be at least 32 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.forwardCallerToken = forwardCallerToken;
    }

    /** The Authorization header for a forwarded read on behalf of the current caller. */
    String forCurrentCaller(final String callerAuthorization) {
        if (secret.length == 0) {
            if (forwardCallerToken) {
                return callerAuthorization;
            }
            throw new StoreUnavailableException("this instance cannot forward reads to other instances: set "
                    + "chat-ticket.queries.internal-secret (the same on every instance), or forward-caller-token=true");
        }
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken caller)) {
            throw new IllegalStateException("a read is forwarded outside an authenticated request");
        }
        return "Bearer " + sign(caller.getToken());
    }

    /** How the internal endpoints check tokens: those this class signs, or the callers' own when they travel. */
    public JwtDecoder decoder(final JwtDecoder callers) {
        if (secret.length == 0) {
            return forwardCallerToken ? callers : token -> {
                throw new org.springframework.security.oauth2.jwt.BadJwtException("internal reads are not enabled");
            };
        }
        final NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(AUDIENCE))));
        return decoder;
    }

    private String sign(final Jwt caller) {
        final Instant now = Instant.now();
        final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME)));
        for (final Map.Entry<String, Object> claim : caller.getClaims().entrySet()) {
            if (!NOT_COPIED.contains(claim.getKey())) {
                claims.claim(claim.getKey(), claim.getValue());
            }
        }
        try {
            final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an internal token", e);
        }
    }
}
