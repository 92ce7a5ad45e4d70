package net.oneview.chatticket.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * How tokens are checked: never with the development secret outside the 'dev' profile; the audience when set, Spring
 * Boot's audiences too; outside 'dev', an audience and (with a JWK set) an issuer or no start.
 */
class SecurityConfigurationTest {

    private static final String SECRET = "a-secret-for-this-test-only-0123456789abcdef";
    private static final String JWK_SET = "https://idp.example.test/keys";

    @Test
    void withoutIssuerOrKeysTheServiceRefusesToStartUnlessTheDevProfileIsActive() {
        for (final String secret : new String[] {SECRET, ""}) {
            assertThatThrownBy(() -> decoder(new MockEnvironment(), secret, "", new OAuth2ResourceServerProperties()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("issuer-uri").hasMessageContaining("jwk-set-uri").hasMessageContaining("'dev'");
        }
        final MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");
        assertThatThrownBy(() -> decoder(production, SECRET, "", new OAuth2ResourceServerProperties()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theDevProfileChecksTokensWithTheDevelopmentSecret() throws Exception {
        final JwtDecoder decoder = decoder(dev(), SECRET, "", new OAuth2ResourceServerProperties());

        assertThat(decoder.decode(token(SECRET, null)).getSubject()).isEqualTo("agent-1");
    }

    @Test
    void aConfiguredAudienceMustBeNamedByTheToken() throws Exception {
        final JwtDecoder decoder = decoder(dev(), SECRET, "1vu", new OAuth2ResourceServerProperties());

        assertThat(decoder.decode(token(SECRET, "1vu")).getSubject()).isEqualTo("agent-1");
        assertThatThrownBy(() -> decoder.decode(token(SECRET, "another-app")))
                .isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(token(SECRET, null))).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void springBootsAudiencesAreCheckedToo() throws Exception {
        final OAuth2ResourceServerProperties boot = new OAuth2ResourceServerProperties();
        boot.getJwt().setAudiences(List.of("1vu", "1vu-mobile"));
        final JwtDecoder decoder = decoder(dev(), SECRET, "", boot);

        assertThat(decoder.decode(token(SECRET, "1vu-mobile")).getSubject()).isEqualTo("agent-1");
        assertThatThrownBy(() -> decoder.decode(token(SECRET, "another-app")))
                .isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(token(SECRET, null))).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void outsideDevTheServiceRefusesToStartWithoutAnAudienceOrWithAJwkSetButNoIssuer() {
        final OAuth2ResourceServerProperties keysOnly = new OAuth2ResourceServerProperties();
        keysOnly.getJwt().setJwkSetUri(JWK_SET);
        assertThatThrownBy(() -> decoder(new MockEnvironment(), "", "1vu", keysOnly))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer");

        final OAuth2ResourceServerProperties noAudience = new OAuth2ResourceServerProperties();
        noAudience.getJwt().setJwkSetUri(JWK_SET);
        noAudience.getJwt().setIssuerUri("https://idp.example.test");
        assertThatThrownBy(() -> decoder(new MockEnvironment(), "", "", noAudience))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audiences");

        noAudience.getJwt().setAudiences(List.of("1vu"));
        assertThat(decoder(new MockEnvironment(), "", "", noAudience)).isNotNull();
        assertThat(decoder(dev(), "", "", keysOnly)).as("under 'dev' both are optional").isNotNull();
    }

    private static JwtDecoder decoder(final MockEnvironment environment, final String secret, final String audience,
            final OAuth2ResourceServerProperties boot) {
        return new SecurityConfiguration().jwtDecoder(
                new SecurityProperties("sub", "tickets:supervise", secret, audience, "", List.of()), environment, boot);
    }

    private static MockEnvironment dev() {
        final MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(SecurityConfiguration.DEV_PROFILE);
        return environment;
    }

    private static String token(final String secret, final String audience) throws Exception {
        final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("agent-1")
                .expirationTime(Date.from(Instant.now().plusSeconds(60)));
        if (audience != null) {
            claims.audience(audience);
        }
        final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
