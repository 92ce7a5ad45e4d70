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
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** How tokens are checked: never with the development secret outside the 'dev' profile; the audience when set. */
class SecurityConfigurationTest {

    private static final String SECRET = "a-secret-for-this-test-only-0123456789abcdef";

    @Test
    void withoutIssuerOrKeysTheServiceRefusesToStartUnlessTheDevProfileIsActive() {
        for (final String secret : new String[] {SECRET, ""}) {
            assertThatThrownBy(() -> decoder(new MockEnvironment(), secret, ""))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("issuer-uri").hasMessageContaining("jwk-set-uri").hasMessageContaining("'dev'");
        }
        final MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");
        assertThatThrownBy(() -> decoder(production, SECRET, "")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theDevProfileChecksTokensWithTheDevelopmentSecret() throws Exception {
        final JwtDecoder decoder = decoder(dev(), SECRET, "");

        assertThat(decoder.decode(token(SECRET, null)).getSubject()).isEqualTo("agent-1");
    }

    @Test
    void aConfiguredAudienceMustBeNamedByTheToken() throws Exception {
        final JwtDecoder decoder = decoder(dev(), SECRET, "1vu");

        assertThat(decoder.decode(token(SECRET, "1vu")).getSubject()).isEqualTo("agent-1");
        assertThatThrownBy(() -> decoder.decode(token(SECRET, "another-app"))).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(token(SECRET, null))).isInstanceOf(JwtValidationException.class);
    }

    private static JwtDecoder decoder(final MockEnvironment environment, final String secret, final String audience) {
        return new SecurityConfiguration().jwtDecoder(
                new SecurityProperties("sub", "tickets:supervise", secret, audience, "", List.of()), environment,
                "", "");
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
