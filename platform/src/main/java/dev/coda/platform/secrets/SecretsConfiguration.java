package dev.coda.platform.secrets;

import dev.coda.platform.postgres.PostgresListener;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Per-user data keys for the services that seal or open personal data in events. */
@AutoConfiguration
@EnableConfigurationProperties(SecretsProperties.class)
public class SecretsConfiguration {

    @Bean
    DataKeys dataKeys(JdbcClient jdbc, SecretsProperties properties, PostgresListener listener) {
        return new DataKeys(jdbc, properties, listener);
    }
}
