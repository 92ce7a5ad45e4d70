package net.oneview.chatticket.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer-token settings ({@code chat-ticket.security.*}). Keys come from
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}; only under the {@code dev}
 * profile may tokens be checked with the HS256 {@code jwtSecret} instead.
 *
 * @param subjectClaim the claim holding the agent id the token speaks for
 * @param supervisorScope a scope that may read and change every agent
 * @param jwtSecret the development secret ({@code dev} profile only)
 * @param audience the audience a token must name; blank: not checked
 * @param issuer the issuer a token must name when keys come from a JWK set; blank: not checked
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
