package dev.coda.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coda.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class VerifiedTokensTest {

    private final NimbusJwtDecoder nimbus = NimbusJwtDecoder
            .withSecretKey(new SecretKeySpec(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
            .macAlgorithm(MacAlgorithm.HS256).build();
    private final AtomicInteger signatureChecks = new AtomicInteger();
    private final AtomicBoolean revoked = new AtomicBoolean();
    private final OAuth2TokenValidator<Jwt> revocation = jwt -> revoked.get()
            ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "revoked", null))
            : OAuth2TokenValidatorResult.success();
    private final VerifiedTokens tokens = new VerifiedTokens(token -> {
        signatureChecks.incrementAndGet();
        return nimbus.decode(token);
    }, new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), revocation));

    {
        nimbus.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
    }

    @Test
    void checksASignatureOnceAndValidatesOnEveryDecode() {
        String token = TestTokens.user("ada");

        assertThat(tokens.decode(token).getSubject()).isEqualTo("ada");
        assertThat(tokens.decode(token).getSubject()).isEqualTo("ada");
        assertThat(signatureChecks).hasValue(1);

        revoked.set(true);
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void checksASignatureAgainOnceItsTimeIsUp() {
        VerifiedTokens alwaysAgain = new VerifiedTokens(token -> {
            signatureChecks.incrementAndGet();
            return nimbus.decode(token);
        }, revocation, Duration.ZERO);
        String token = TestTokens.user("ada");

        alwaysAgain.decode(token);
        alwaysAgain.decode(token);

        assertThat(signatureChecks).hasValue(2);
    }

    @Test
    void refusesAnExpiredTokenAndAForgedOne() {
        String expired = TestTokens.sign(TestTokens.SECRET, "ada", null, Instant.now().minusSeconds(3600));
        String forged = TestTokens.sign("another-secret-0123456789abcdef0123456789", "ada", null, Instant.now().plusSeconds(3600));

        assertThatThrownBy(() -> tokens.decode(expired)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void holdsABoundedNumberOfTokens() {
        for (int i = 0; i <= VerifiedTokens.MAX_TOKENS; i++) {
            tokens.decode(TestTokens.user("user-" + i));
        }

        assertThat(tokens.size()).isBetween(1, VerifiedTokens.MAX_TOKENS);
    }
}
