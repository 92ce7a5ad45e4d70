package net.oneview.chatticket.query;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

/**
 * What one instance shows another when it forwards a read: not the caller's token (which would then travel between
 * instances in clear text), but a short-lived one it signs itself with the instances' shared secret
 * ({@code chat-ticket.queries.internal-secret}), saying who the caller is (the caller's claims: subject, scopes) to an
 * audience of its own, so it is good for nothing but the internal endpoints. An instance asking for itself says so
 * with a claim of its own, never copied from a caller. Without a secret, instances forward the caller's token only if
 * told to ({@code forward-caller-token=true}, for deployments whose traffic between instances is protected otherwise,
 * such as a service mesh with mutual TLS); else they forward nothing (503). Stream tickets are signed with a key of
 * their own: derived from the shared secret (so any instance opens a stream another issued the ticket for), or
 * without one a key of this process. Made by the security configuration, which knows which secret is in force.
 */
public class InternalTokens {

    static final String AUDIENCE = "chat-ticket-internal";
    /** The audience of stream tickets: good for opening a live stream (as a query parameter), and for nothing else. */
    static final String STREAM_AUDIENCE = "chat-ticket-stream";
    /** How long a stream ticket can be used to open a stream (the stream then stays open). */
    public static final Duration STREAM_TICKET_LIFETIME = Duration.ofSeconds(60);
    /** Where a stream ticket goes: {@code ?ticket=} on a stream's URL. */
    public static final String STREAM_TICKET_PARAMETER = "ticket";
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final String INSTANCE_SUBJECT = "chat-ticket-instance";
    /** Marks an instance's own token; whatever a caller's token holds under this name is dropped. */
    private static final String INSTANCE_CLAIM = "chat_ticket_instance";
    private static final Set<String> NOT_COPIED = Set.of(JwtClaimNames.EXP, JwtClaimNames.IAT, JwtClaimNames.NBF,
            JwtClaimNames.AUD, JwtClaimNames.ISS, JwtClaimNames.JTI, INSTANCE_CLAIM);
    /** What the stream tickets' key is derived for, so that it is not the instances' tokens' key. */
    private static final byte[] STREAM_KEY_LABEL = "chat-ticket stream tickets".getBytes(StandardCharsets.UTF_8);

    private final byte[] secret;
    /** Signs stream tickets: the shared secret, or without one a key of this process (tickets then work only here). */
    private final byte[] streamSecret;
    private final boolean forwardCallerToken;

    /**
     * @param secret the instances' shared secret (32+ characters), or empty: none
     * @param forwardCallerToken without a secret, whether forwarded reads carry the caller's own token
     */
    public InternalTokens(final String secret, final boolean forwardCallerToken) {
        if (!secret.isEmpty() && secret.length() < 32) {
            throw new IllegalStateException("chat-ticket.queries.internal-secret must be at least 32 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.streamSecret = secret.isEmpty() ? randomKey() : derived(this.secret, STREAM_KEY_LABEL);
        this.forwardCallerToken = forwardCallerToken;
    }

    private static byte[] randomKey() {
        final byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    /** HMAC-SHA256 of the label under the secret: a key of its own, the same on every instance. */
    private static byte[] derived(final byte[] secret, final byte[] label) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(label);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the stream tickets' key", e);
        }
    }

    /** The Authorization header of an instance asking another for what it adds to a whole (no caller's rights). */
    String forInstance() {
        if (secret.length == 0) {
            throw new StoreUnavailableException("this instance cannot ask other instances: set "
                    + "chat-ticket.queries.internal-secret (the same on every instance)");
        }
        return "Bearer " + sign(Map.of(JwtClaimNames.SUB, INSTANCE_SUBJECT), Map.of(INSTANCE_CLAIM, true), AUDIENCE,
                LIFETIME, secret);
    }

    /**
     * Whether the token is an instance's own ({@link #forInstance()}), not a caller's: only tokens signed with the
     * shared secret can be (without one, the internal endpoints take callers' tokens, which never are).
     */
    public boolean isInstance(final Jwt token) {
        return secret.length > 0 && Boolean.TRUE.equals(token.getClaimAsBoolean(INSTANCE_CLAIM))
                && token.getAudience() != null && token.getAudience().contains(AUDIENCE);
    }

    /**
     * A short-lived ticket for opening a live stream where a request cannot carry headers (a browser's EventSource):
     * the caller's claims, for the stream audience only.
     */
    public String streamTicket(final Jwt caller) {
        return sign(caller.getClaims(), Map.of(), STREAM_AUDIENCE, STREAM_TICKET_LIFETIME, streamSecret);
    }

    /** How stream tickets are checked. */
    public JwtDecoder streamTicketDecoder() {
        return hs256(streamSecret, STREAM_AUDIENCE);
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
        return hs256(secret, AUDIENCE);
    }

    private static JwtDecoder hs256(final byte[] key, final String audience) {
        final NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(audience))));
        return decoder;
    }

    private String sign(final Jwt caller) {
        return sign(caller.getClaims(), Map.of(), AUDIENCE, LIFETIME, secret);
    }

    /** The caller's claims (those that say who it is), this service's own, for the audience and lifetime. */
    private static String sign(final Map<String, Object> callerClaims, final Map<String, Object> own,
            final String audience, final Duration lifetime, final byte[] key) {
        final Instant now = Instant.now();
        final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)));
        for (final Map.Entry<String, Object> claim : callerClaims.entrySet()) {
            if (!NOT_COPIED.contains(claim.getKey())) {
                claims.claim(claim.getKey(), claim.getValue());
            }
        }
        own.forEach(claims::claim);
        try {
            final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an internal token", e);
        }
    }
}
