package dev.coda.command.pairings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.platform.security.JwtProperties;
import dev.coda.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class RunnerTokensTest {

    private static final PairingProperties PAIRINGS =
            new PairingProperties(Duration.ofMinutes(10), 10, Duration.ofMinutes(10), Duration.ofDays(1), Duration.ofMinutes(15), 20);

    private final NimbusJwtDecoder services = NimbusJwtDecoder
            .withSecretKey(new SecretKeySpec(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
            .macAlgorithm(MacAlgorithm.HS256).build();

    @Test
    void aRunnerTokenPassesTheIssuerCheckOfServicesThatRequireOne() {
        String token = new RunnerTokens(new JwtProperties(TestTokens.SECRET, null, "https://coda.example", null), PAIRINGS, null)
                .sign("ada", UUID.randomUUID(), "token-1");
        services.setJwtValidator(JwtValidators.createDefaultWithIssuer("https://coda.example"));

        assertThat(services.decode(token).getSubject()).isEqualTo("ada");
    }

    @Test
    void withoutAnIssuerConfiguredARunnerTokenNamesNone() {
        for (String unset : new String[] {null, ""}) { // an empty "issuer:" in YAML binds as ""
            String token = new RunnerTokens(new JwtProperties(TestTokens.SECRET, null, unset, null), PAIRINGS, null)
                    .sign("ada", UUID.randomUUID(), "token-1");

            assertThat(services.decode(token).getClaims()).doesNotContainKey("iss");
        }
    }
}
