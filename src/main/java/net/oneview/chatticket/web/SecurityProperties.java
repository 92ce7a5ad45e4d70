package net.oneview.chatticket.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer-token settings ({@code chat-ticket.security.*}). Keys come from
 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} or {@code issuer-uri}; only under the {@code dev}
 * profile may tokens be checked with the HS256 {@code jwtSecret} instead (see {@link CallerTokens}).
 *
 * @param subjectClaim the claim holding the agent id the token speaks for
 * @param supervisorScope a scope that may read and change every agent
 * @param jwtSecret the development secret ({@code dev} profile only)
 * @param audience an audience a token may name, besides Spring Boot's {@code ...jwt.audiences}
 * @param issuer the issuer a token must name when keys come from a JWK set and {@code ...jwt.issuer-uri} is not set
 * @param corsAllowedOrigins the origins whose browser pages may call the API (CORS); empty: none, no CORS at all
 */
@ConfigurationProperties("chat-ticket.security")
public record SecurityProperties(String subjectClaim, String supervisorScope, String jwtSecret, String audience,
        String issuer, List<String> corsAllowedOrigins) {

    public SecurityProperties {
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of()
                : corsAllowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
    }
}
