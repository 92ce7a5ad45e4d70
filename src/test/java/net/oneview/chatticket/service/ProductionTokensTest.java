package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Tokens from a real identity provider (its JWK set served over HTTP): outside the {@code dev} profile a token must
 * name the configured audience (Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.audiences}) and issuer,
 * and the development secret opens nothing.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class ProductionTokensTest {

    private static final String AUDIENCE = "chat-ticket-assignment";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void outsideDevATokenWithoutTheConfiguredAudienceOrIssuerIs401(final EmbeddedKafkaBroker broker)
            throws Exception {
        final String name = "production-tokens";
        try (IdentityProvider provider = new IdentityProvider();
                ConfigurableApplicationContext service = Services.start(broker.getBrokersAsString(), name, name,
                        "target/streams-state/" + name + "-" + UUID.randomUUID(),
                        "--spring.profiles.active=production",
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + provider.jwkSetUri(),
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + IdentityProvider.ISSUER,
                        "--spring.security.oauth2.resourceserver.jwt.audiences=" + AUDIENCE)) {
            final String agent = UUID.randomUUID().toString();
            final String issuer = IdentityProvider.ISSUER;

            assertThat(online(service, agent, provider.token(agent, AUDIENCE, issuer, Map.of()))).isEqualTo(200);
            assertThat(online(service, agent, provider.token(agent, null, issuer, Map.of()))).as("no audience")
                    .isEqualTo(401);
            assertThat(online(service, agent, provider.token(agent, "another-application", issuer, Map.of())))
                    .as("another audience").isEqualTo(401);
            assertThat(online(service, agent, provider.token(agent, AUDIENCE, "https://elsewhere.example.test",
                    Map.of()))).as("another issuer").isEqualTo(401);
            assertThat(online(service, agent, Tokens.forAgent(agent))).as("the development secret").isEqualTo(401);
        }
    }

    private static int online(final ConfigurableApplicationContext service, final String agent, final String token)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(service, "/v1/" + agent + "/online"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static URI uri(final ConfigurableApplicationContext service, final String path) {
        return URI.create("http://localhost:" + service.getEnvironment().getProperty("local.server.port") + path);
    }
}
