package dev.coda.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.coda.platform.secrets.DataKeys;
import dev.coda.testsupport.TestTokens;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** A service configured with an identity provider's JWK set (served on loopback) beside the shared secret. */
class SignatureCheckTest {

    private final RSAKey provider = newKey();
    private final HttpServer jwks = serve(new JWKSet(provider.toPublicJWK()).toString());
    private final String jwkSetUri = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    @Test
    void usersTokensFromTheProviderAndServiceTokensOfTheSharedSecretAreBothAccepted() throws Exception {
        JwtDecoder decoder = decoder(TestTokens.SECRET);

        assertThat(decoder.decode(signed(provider, "ada")).getSubject()).isEqualTo("ada");
        assertThat(decoder.decode(TestTokens.authAdapter()).getSubject()).isEqualTo("auth-adapter");
        assertThat(decoder.decode(TestTokens.admin()).getSubject()).isEqualTo("operator");
    }

    @Test
    void aUsersOwnTokenSignedWithTheSharedSecretIsRefused() {
        JwtDecoder decoder = decoder(TestTokens.SECRET);

        assertThatThrownBy(() -> decoder.decode(TestTokens.user("bo"))).isInstanceOf(JwtException.class)
                .hasMessageContaining("must come from the identity provider");
    }

    @Test
    void aTokenSignedWithAnyOtherKeyIsRefused() throws Exception {
        JwtDecoder decoder = decoder(TestTokens.SECRET);
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(provider.getKeyID()).generate();

        assertThatThrownBy(() -> decoder.decode(signed(impostor, "ada"))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(TestTokens.sign("another-secret-0123456789abcdef0123456789", "bo", null,
                Instant.now().plusSeconds(60)))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode("not.a.token")).isInstanceOf(JwtException.class);
    }

    @Test
    void aProvidersTokenThatNamesAServiceScopeIsRefusedInEitherClaimAndEitherForm() throws Exception {
        JwtDecoder decoder = decoder(TestTokens.SECRET);

        assertThat(decoder.decode(signed(provider, claims("ada").claim("scope", "openid profile").build())).getSubject())
                .isEqualTo("ada");
        for (JWTClaimsSet escalation : List.of(
                claims("ada").claim("scope", "openid auth-adapter").build(),
                claims("ada").claim("scp", "runner").build(),
                claims("ada").claim("scp", List.of("openid", "admin")).build(),
                claims("ada").claim("scope", List.of("runner")).build())) {
            assertThatThrownBy(() -> decoder.decode(signed(provider, escalation))).isInstanceOf(JwtException.class)
                    .hasMessageContaining("cannot carry Coda's service scopes");
        }
    }

    @Test
    void withAnAudienceAProvidersTokenMustNameIt() throws Exception {
        JwtDecoder decoder = decoder(TestTokens.SECRET, "coda");

        assertThat(decoder.decode(signed(provider, claims("ada").audience(List.of("coda", "mail")).build()))
                .getSubject()).isEqualTo("ada");
        assertThatThrownBy(() -> decoder.decode(signed(provider, claims("ada").audience("mail").build())))
                .isInstanceOf(JwtException.class).hasMessageContaining("not meant for Coda");
        assertThatThrownBy(() -> decoder.decode(signed(provider, "ada"))).isInstanceOf(JwtException.class)
                .hasMessageContaining("not meant for Coda");
        assertThat(decoder.decode(TestTokens.authAdapter()).getSubject()).isEqualTo("auth-adapter");
    }

    @Test
    void aServiceWithAProviderButNoSecretDoesNotStart() {
        assertThatThrownBy(() -> decoder(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runner tokens are signed with it");
    }

    private JwtDecoder decoder(String secret) {
        return decoder(secret, null);
    }

    private JwtDecoder decoder(String secret, String audience) {
        DefaultListableBeanFactory noBeans = new DefaultListableBeanFactory();
        return new SecurityConfiguration().jwtDecoder(new JwtProperties(secret, jwkSetUri, null, audience),
                noBeans.getBeanProvider(RunnerTokenCheck.class), noBeans.getBeanProvider(DataKeys.class));
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(Instant.now().plusSeconds(60)));
    }

    private static String signed(RSAKey key, String subject) throws Exception {
        return signed(key, claims(subject).build());
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        token.sign(new RSASSASigner(key));
        return token.serialize();
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("provider-key").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serve(String jwkSet) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> {
                byte[] body = jwkSet.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
