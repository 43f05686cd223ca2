package dev.coda.platform.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The service's one LISTEN connection, shared by every kind of notification it waits for. It is opened from
 * {@code spring.datasource.*} outside the pool: the listener holds it for as long as the service runs, and
 * must not wait for a busy pool (up to its connection timeout) before it reconnects, or its subscribers'
 * fallback polls would wait as long. It shows in {@code pg_stat_activity} as
 * "<i>{@code spring.application.name}</i> listener".
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
public class PostgresConfiguration {

    /** How long opening the listening connection may take before it counts as failed, in seconds. */
    private static final String CONNECT_TIMEOUT_SECONDS = "5";

    /** With the pool's driver settings ({@code spring.datasource.hikari.data-source-properties}: sslmode...), if any. */
    @Bean
    PostgresListener postgresListener(DataSourceProperties dataSource, ObjectProvider<DataSource> pool,
            @Value("${spring.application.name:coda}") String applicationName) throws SQLException {
        SimpleDriverDataSource unpooled = dataSource.initializeDataSourceBuilder().type(SimpleDriverDataSource.class).build();
        Properties connection = new Properties();
        DataSource pooled = pool.getIfUnique();
        if (pooled != null && pooled.isWrapperFor(HikariDataSource.class)) { // a proxy in front of the pool, too
            connection.putAll(pooled.unwrap(HikariDataSource.class).getDataSourceProperties());
        }
        connection.setProperty("ApplicationName", applicationName + " listener");
        connection.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        unpooled.setConnectionProperties(connection);
        return new PostgresListener(unpooled);
    }
}
