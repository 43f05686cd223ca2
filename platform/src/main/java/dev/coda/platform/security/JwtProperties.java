package dev.coda.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified: an HS256 shared {@code secret} (at least 32 bytes), or the JWKS of an
 * identity provider at {@code jwkSetUri}. {@code issuer}, when set, must match the token's {@code iss}.
 */
@ConfigurationProperties("coda.security.jwt")
public record JwtProperties(String secret, String jwkSetUri, String issuer) {
}
