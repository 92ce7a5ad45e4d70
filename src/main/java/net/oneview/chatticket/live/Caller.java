package net.oneview.chatticket.live;

import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who opened a stream, and until when it may stay open: its token's subject (streams are counted per subject) and the
 * token's expiry. A stream ticket lives a minute only, so it carries the expiry of the token it was issued for.
 */
record Caller(String subject, Instant until) {

    /** The claim of a stream ticket with its caller's token's expiry, in epoch seconds (0: that token has none). */
    static final String TOKEN_EXPIRY_CLAIM = "caller_exp";

    static Caller of(final Jwt token) {
        final Object carried = token.getClaims().get(TOKEN_EXPIRY_CLAIM);
        final Instant until;
        if (carried instanceof Number seconds) {
            until = seconds.longValue() > 0 ? Instant.ofEpochSecond(seconds.longValue()) : null;
        } else {
            until = token.getExpiresAt();
        }
        return new Caller(String.valueOf(token.getSubject()), until);
    }

    /** The caller's token with its expiry where a stream ticket issued for it keeps it. */
    static Jwt withExpiryForTicket(final Jwt token) {
        final Instant expiry = token.getExpiresAt();
        return Jwt.withTokenValue(token.getTokenValue()).headers(headers -> headers.putAll(token.getHeaders()))
                .claims(claims -> claims.putAll(token.getClaims()))
                .claim(TOKEN_EXPIRY_CLAIM, expiry == null ? 0L : expiry.getEpochSecond()).build();
    }
}
