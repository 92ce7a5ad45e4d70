package net.oneview.chatticket.streams;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kafka Streams settings ({@code chat-ticket.streams.*}).
 *
 * @param applicationServer host:port other instances use to reach this one for interactive queries; empty means
 *     this host's {@code server.address} (or localhost) and the port the web server listens on
 * @param instanceId this instance's static group membership id; it must stay the same across restarts of one
 *     instance and differ between instances; empty means application id + host + port
 * @param config any further Kafka Streams configuration, passed through as is
 */
@ConfigurationProperties("chat-ticket.streams")
public record StreamsProperties(String applicationId, String stateDir, String applicationServer,
        String instanceId, int standbyReplicas, Map<String, String> config) {

    public StreamsProperties {
        config = config == null ? Map.of() : Map.copyOf(config);
    }
}
