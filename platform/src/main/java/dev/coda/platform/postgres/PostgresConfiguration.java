package dev.coda.platform.postgres;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The service's one LISTEN connection, shared by every kind of notification it waits for. */
@AutoConfiguration
public class PostgresConfiguration {

    @Bean
    PostgresListener postgresListener(DataSource dataSource) {
        return new PostgresListener(dataSource);
    }
}
