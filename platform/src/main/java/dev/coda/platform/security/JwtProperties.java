package dev.coda.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified: with the HS256 shared {@code secret} (at least 32 bytes, always required: runner
 * tokens are signed with it), and, when {@code jwkSetUri} is set, also with the JWK set of the identity
 * provider that signs users' tokens. {@code issuer}, when set, must match every token's {@code iss}; runner
 * tokens are issued under it. {@code audience}, when set, must be in the {@code aud} of every token of the
 * identity provider.
 */
@ConfigurationProperties("coda.security.jwt")
public record JwtProperties(String secret, String jwkSetUri, String issuer, String audience) {
}
