package dev.coda.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.platform.postgres.PostgresListener;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two services' data keys on one database ("ours" and "theirs"): {@link DataKeys#isDestroyed} answers from
 * memory while its service listens, and what it remembers is corrected as soon as the other destroys the key,
 * and forgotten when the listening connection was lost.
 */
class DestroyedKeysTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("destroyed_keys");
    private final JdbcClient jdbc = JdbcClient.create(dataSource("test"));
    private final PostgresListener ourListener = new PostgresListener(dataSource("ours"));
    private final PostgresListener theirListener = new PostgresListener(dataSource("theirs"));
    private final DataKeys ours;
    private final DataKeys theirs;
    private final String user = UUID.randomUUID().toString();
    /** How often our service's listener began to listen. */
    private final AtomicInteger ourListening = new AtomicInteger();

    DestroyedKeysTest() throws Exception {
        database.execute("CREATE SCHEMA eventstore; SET search_path TO eventstore; " + Files.readString(
                TestInfrastructure.projectRoot().resolve("contracts/src/main/resources/db/eventstore/V5__data_keys.sql")));
        SecretsProperties properties = new SecretsProperties(TestTokens.MASTER_KEY);
        ours = new DataKeys(jdbc, properties, ourListener);
        theirs = new DataKeys(jdbc, properties, theirListener);
        ours.create(user);
        ourListener.subscribe(DestroyedSubjects.CHANNEL, new PostgresListener.Subscriber() {
            @Override
            public void listening() {
                ourListening.incrementAndGet(); // after our DataKeys heard the same, in the order of subscription
            }

            @Override
            public void notified(String payload) {
            }
        });
        awaitTrue(() -> ourListening.get() == 1);
        assertThat(ours.isDestroyed(user)).isFalse(); // and remembered
    }

    @AfterEach
    void stop() throws Exception {
        ourListener.destroy();
        theirListener.destroy();
        database.close();
    }

    @Test
    void whileListeningAnAnswerComesFromMemory() {
        destroyWithoutNotifying();

        assertThat(ours.isDestroyed(user)).as("remembered, not asked again").isFalse();
    }

    @Test
    void aKeyThisServiceDestroysIsDestroyedForItBeforeTheNotificationComesBack() {
        ours.destroy(user);

        assertThat(ours.isDestroyed(user)).isTrue();
    }

    @Test
    void aKeyAnotherServiceDestroysIsSeenDestroyedAtOnce() {
        theirs.destroy(user);

        awaitTrue(() -> ours.isDestroyed(user));
    }

    @Test
    void aDestructionWhileTheListeningConnectionWasDownIsNotMissed() {
        Integer listener = ourListenerPid();
        jdbc.sql("SELECT pg_terminate_backend(:pid)").param("pid", listener).query().singleRow();
        destroyWithoutNotifying(); // as a destruction whose notification came while nobody listened

        awaitTrue(() -> ourListening.get() == 2);
        assertThat(ours.isDestroyed(user)).as("what was remembered before the connection failed is forgotten").isTrue();
    }

    private void destroyWithoutNotifying() {
        jdbc.sql("UPDATE eventstore.data_keys SET wrapped_key = NULL, destroyed_at = now() WHERE subject = :user")
                .param("user", user).update();
    }

    /** The backend of our service's listening connection, once it LISTENs to destructions. */
    private Integer ourListenerPid() {
        return jdbc.sql("""
                        SELECT pid FROM pg_stat_activity
                        WHERE application_name = 'ours' AND query = 'LISTEN coda_keys_destroyed' AND datname = current_database()""")
                .query(Integer.class).optional().orElse(null);
    }

    private DriverManagerDataSource dataSource(String applicationName) {
        return new DriverManagerDataSource(database.jdbcUrl() + "?ApplicationName=" + applicationName, database.user(),
                database.password());
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Await.until("the condition", DEADLINE, condition);
    }
}
