package net.oneview.chatticket.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * How callers' tokens are checked: as Spring Boot's resource server would with the same settings
 * ({@code spring.security.oauth2.resourceserver.jwt.*}: keys from {@code jwk-set-uri}, else from the issuer's
 * discovery; the issuer; the audiences, to which {@code chat-ticket.security.audience} adds one), and stricter outside
 * the {@code dev} profile: there an audience must be configured, and on the JWK-set path an issuer, or the service does
 * not start, so that a token issued for another application of the same identity provider is refused. Only under
 * {@code dev} with no identity provider configured are tokens HS256 with the development secret.
 */
final class CallerTokens {

    private static final Logger log = LoggerFactory.getLogger(CallerTokens.class);

    private CallerTokens() {
    }

    /** Whether callers' tokens are checked with the development secret (and nothing else is secret here). */
    static boolean developmentSecret(final boolean dev, final SecurityProperties security,
            final OAuth2ResourceServerProperties.Jwt jwt) {
        return dev && blank(jwt.getJwkSetUri()) && blank(jwt.getIssuerUri()) && !blank(security.jwtSecret());
    }

    static JwtDecoder decoder(final boolean dev, final SecurityProperties security,
            final OAuth2ResourceServerProperties.Jwt jwt) {
        final NimbusJwtDecoder decoder;
        final String issuer;
        if (!blank(jwt.getJwkSetUri())) {
            issuer = blank(jwt.getIssuerUri()) ? security.issuer() : jwt.getIssuerUri();
            require(dev || !blank(issuer), "no issuer to check: with jwk-set-uri, set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri or chat-ticket.security.issuer");
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri()).build();
        } else if (!blank(jwt.getIssuerUri())) {
            issuer = jwt.getIssuerUri();
            decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
        } else if (developmentSecret(dev, security, jwt)) {
            log.warn("'dev' profile: checking tokens with the HS256 development secret "
                    + "(chat-ticket.security.jwt-secret)");
            issuer = null;
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(
                    security.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        } else {
            throw new IllegalStateException("no way to check tokens: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri or ...jwt.jwk-set-uri (the development "
                    + "secret chat-ticket.security.jwt-secret is only used under the '"
                    + SecurityConfiguration.DEV_PROFILE + "' profile)");
        }
        final Set<String> audiences = audiences(security, jwt);
        require(dev || !audiences.isEmpty(), "no audience to check: set "
                + "spring.security.oauth2.resourceserver.jwt.audiences (or chat-ticket.security.audience) to what "
                + "the identity provider puts in 'aud' for this service");
        final List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(blank(issuer)
                ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(issuer)));
        if (!audiences.isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    named -> named != null && !Collections.disjoint(named, audiences)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /** Spring Boot's audiences and ours: a token must name one of them. */
    private static Set<String> audiences(final SecurityProperties security,
            final OAuth2ResourceServerProperties.Jwt jwt) {
        final Set<String> audiences = new LinkedHashSet<>();
        jwt.getAudiences().stream().filter(audience -> !blank(audience)).forEach(audiences::add);
        if (!blank(security.audience())) {
            audiences.add(security.audience());
        }
        return audiences;
    }

    private static void require(final boolean condition, final String otherwise) {
        if (!condition) {
            throw new IllegalStateException(otherwise + " (outside the '" + SecurityConfiguration.DEV_PROFILE
                    + "' profile)");
        }
    }

    private static boolean blank(final String value) {
        return value == null || value.isBlank();
    }
}
