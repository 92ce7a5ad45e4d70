package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Tokens from a real identity provider (its JWK set served over HTTP): outside the {@code dev} profile a token must
 * name the configured audience (Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.audiences}) and issuer,
 * and the development secret opens nothing; under {@code dev} with a real identity provider, neither do the public
 * development secrets of {@code application-dev.properties}.
 */
@EmbeddedKafka(partitions = 3, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class ProductionTokensTest {

    private static final String AUDIENCE = "chat-ticket-assignment";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The instances' secret of application-dev.properties, public like everything in the repository. */
    private static final String DEV_INTERNAL_SECRET = "dev-only-internal-secret-change-me-0123456789";

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

    @Test
    void underDevWithAnIdentityProviderThePublicInternalSecretSignsNothing(final EmbeddedKafkaBroker broker)
            throws Exception {
        final String name = "dev-with-provider";
        try (IdentityProvider provider = new IdentityProvider();
                ConfigurableApplicationContext service = Services.start(broker.getBrokersAsString(), name, name,
                        "target/streams-state/" + name + "-" + UUID.randomUUID(),
                        "--spring.profiles.active=dev",
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + provider.jwkSetUri(),
                        // topics of its own, so that it does not read what the other test's service wrote
                        "--chat-ticket.topics.ticket-created=" + name + "-ticket-created",
                        "--chat-ticket.topics.ticket-status=" + name + "-ticket-status",
                        "--chat-ticket.topics.agent-status=" + name + "-agent-status",
                        "--chat-ticket.topics.ticket-assignments=" + name + "-ticket-assignments",
                        "--chat-ticket.topics.dead-letters=" + name + "-dead-letters",
                        "--chat-ticket.topics.pool-releases=" + name + "-pool-releases")) {
            final String agent = UUID.randomUUID().toString();
            final String token = provider.token(agent, null, IdentityProvider.ISSUER, Map.of());
            assertThat(online(service, agent, token)).isEqualTo(200);

            final String asAnInstance = signed(DEV_INTERNAL_SECRET, "chat-ticket-internal",
                    Map.of("sub", "chat-ticket-instance", "chat_ticket_instance", true));
            assertThat(get(service, "/internal/stores/agents/" + agent, asAnInstance).statusCode())
                    .as("an instance's token signed with the public development secret").isEqualTo(401);
            final String streamTicket = signed(DEV_INTERNAL_SECRET, "chat-ticket-stream", Map.of("sub", agent));
            assertThat(get(service, "/v1/" + agent + "/tickets/stream?ticket=" + streamTicket, null).statusCode())
                    .as("a stream ticket signed with the public development secret").isEqualTo(401);

            final String ticket = HTTP.send(HttpRequest.newBuilder(uri(service, "/v1/stream-tickets"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).body().replaceAll(".*\"ticket\":\"([^\"]+)\".*", "$1");
            assertThat(get(service, "/v1/" + agent + "/tickets/stream?ticket=" + ticket, null).statusCode())
                    .as("a stream ticket this instance issued").isEqualTo(200);
        }
    }

    /** The head of the answer (a stream's body is not waited for). */
    private static HttpResponse<InputStream> get(final ConfigurableApplicationContext service, final String path,
            final String token) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(service, path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        final HttpResponse<InputStream> response = HTTP.send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response;
    }

    private static String signed(final String secret, final String audience, final Map<String, Object> claims)
            throws Exception {
        final JWTClaimsSet.Builder body = new JWTClaimsSet.Builder().audience(audience)
                .expirationTime(Date.from(Instant.now().plusSeconds(60)));
        claims.forEach(body::claim);
        final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), body.build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
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
