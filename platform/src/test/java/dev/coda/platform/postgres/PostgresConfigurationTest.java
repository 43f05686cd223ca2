package dev.coda.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The service's listener, configured from {@code spring.datasource.*} as every service has it. */
class PostgresConfigurationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("postgres_configuration");
    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PostgresConfiguration.class))
            .withPropertyValues("spring.application.name=some-service",
                    "spring.datasource.url=" + database.jdbcUrl(),
                    "spring.datasource.username=" + database.user(),
                    "spring.datasource.password=" + database.password(),
                    "spring.datasource.hikari.maximum-pool-size=1",
                    "spring.datasource.hikari.connection-timeout=30000");

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void theListenerListensWhileThePoolHasNoConnectionToGive() {
        service.run(context -> {
            AtomicInteger listening = new AtomicInteger();
            try (Connection theOnlyPooledOne = context.getBean(DataSource.class).getConnection()) {
                context.getBean(PostgresListener.class).subscribe("some_channel", new PostgresListener.Subscriber() {
                    @Override
                    public void listening() {
                        listening.incrementAndGet();
                    }

                    @Override
                    public void notified(String payload) {
                    }
                });

                Await.until("listening", DEADLINE, () -> listening.get() > 0);
                assertThat(database.queryText("SELECT string_agg(application_name, ',') FROM pg_stat_activity "
                        + "WHERE query = 'LISTEN some_channel' AND datname = current_database()"))
                        .as("the listening connection, named for what it is").isEqualTo("some-service listener");
            }
        });
    }
}
