package net.oneview.chatticket.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer-token settings ({@code chat-ticket.security.*}). In production set
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}; otherwise tokens are
 * checked with the HS256 {@code jwtSecret}, a development secret.
 *
 * @param subjectClaim the claim holding the agent id the token speaks for
 * @param supervisorScope a scope that may read and change every agent
 */
@ConfigurationProperties("chat-ticket.security")
public record SecurityProperties(String subjectClaim, String supervisorScope, String jwtSecret) {
}
