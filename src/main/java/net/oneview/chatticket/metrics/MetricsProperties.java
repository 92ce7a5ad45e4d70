package net.oneview.chatticket.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Metrics settings ({@code chat-ticket.metrics.*}).
 *
 * @param requireToken whether {@code /actuator/prometheus} needs a bearer token with the supervisor scope; off, it is
 *     open on the management port like the health check (scrapers seldom send tokens, and the metrics hold counts by
 *     queue and pool, no agent or ticket ids, no content)
 */
@ConfigurationProperties("chat-ticket.metrics")
public record MetricsProperties(boolean requireToken) {
}
