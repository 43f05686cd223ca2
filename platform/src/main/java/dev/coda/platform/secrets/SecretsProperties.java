package dev.coda.platform.secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The master key that wraps every per-user data key: 32 random bytes, base64-encoded
 * ({@code openssl rand -base64 32}). Without it the data keys in {@code eventstore.data_keys} are useless.
 */
@ConfigurationProperties("coda.secrets")
public record SecretsProperties(String masterKey) {
}
