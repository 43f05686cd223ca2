package dev.coda.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.platform.postgres.PostgresListener;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A writer and a reader on real PostgreSQL, as the command-service and the query-service are. Their
 * fallback poll is a minute, so a reader called back within seconds was called by a notification.
 */
class AppendNotificationsTest {

    private static final Duration FALLBACK = Duration.ofMinutes(1);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("append_notifications");
    private final DriverManagerDataSource dataSource =
            new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password());
    private final PostgresListener writersListener = new PostgresListener(dataSource);
    private final PostgresListener readersListener = new PostgresListener(new DriverManagerDataSource(
            database.jdbcUrl() + "?ApplicationName=reader", database.user(), database.password()));
    private final AppendNotifications writer = new AppendNotifications(dataSource, writersListener, FALLBACK);
    private final AppendNotifications reader = new AppendNotifications(dataSource, readersListener, FALLBACK);
    private final AtomicInteger heard = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        writer.destroy();
        reader.destroy();
        writersListener.destroy();
        readersListener.destroy();
        database.close();
    }

    @Test
    void aSubscriberHearsAnAppendOfAnotherWriterLongBeforeItsFallbackPoll() {
        reader.subscribe(heard::incrementAndGet);
        awaitAtLeast(1, heard::get); // once on connecting: whatever was appended while nobody listened

        writer.appended();

        awaitAtLeast(2, heard::get);
    }

    @Test
    void aBurstOfAppendsCostsFewerNotificationsThanAppends() {
        reader.subscribe(heard::incrementAndGet);
        awaitAtLeast(1, heard::get);

        int appends = 1_000;
        for (int i = 0; i < appends; i++) {
            writer.appended();
        }

        awaitAtLeast(2, heard::get);
        awaitQuiet(heard::get); // a notification per append would still be arriving when the first was heard
        assertThat(heard.get() - 1).as("notifications heard for %d appends", appends).isLessThan(appends);
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() {
        AtomicInteger other = new AtomicInteger();
        PostgresListener.Subscription subscription = reader.subscribe(heard::incrementAndGet);
        reader.subscribe(other::incrementAndGet);
        awaitAtLeast(1, heard::get);
        awaitAtLeast(1, other::get);
        subscription.close();
        int heardBefore = heard.get();

        writer.appended();

        awaitAtLeast(2, other::get);
        assertThat(heard.get()).isEqualTo(heardBefore);
    }

    @Test
    void aSubscriberIsStillCalledEveryFallbackPollWhileNoConnectionCanBeHad() throws Exception {
        DriverManagerDataSource nowhere = new DriverManagerDataSource(database.jdbcUrl() + "_never_created",
                database.user(), database.password());
        PostgresListener deaf = new PostgresListener(nowhere);
        try {
            new AppendNotifications(nowhere, deaf, Duration.ofMillis(100)).subscribe(heard::incrementAndGet);

            awaitAtLeast(3, heard::get);
        } finally {
            deaf.destroy();
        }
    }

    @Test
    void aSubscriberWhoseConnectionWasCutIsCalledOnReconnectingAndHearsAppendsAgain() throws Exception {
        reader.subscribe(heard::incrementAndGet);
        awaitAtLeast(1, heard::get);
        database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE application_name = 'reader' AND datname = current_database()"); // the reader's listener

        awaitAtLeast(2, heard::get); // on listening again: for whatever was appended meanwhile
        writer.appended();

        awaitAtLeast(3, heard::get);
    }

    @Test
    void aWriterWhoseNotifierFailedForAnyReasonNotifiesAgain() throws Exception {
        AtomicBoolean failedOnce = new AtomicBoolean();
        DriverManagerDataSource failingOnce = new DriverManagerDataSource(database.jdbcUrl(), database.user(),
                database.password()) {
            @Override
            public Connection getConnection() throws SQLException {
                if (failedOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("not an SQLException");
                }
                return super.getConnection();
            }
        };
        AppendNotifications failingWriter = new AppendNotifications(failingOnce, writersListener, FALLBACK);
        try {
            reader.subscribe(heard::incrementAndGet);
            awaitAtLeast(1, heard::get);

            failingWriter.appended();

            awaitAtLeast(2, heard::get);
            assertThat(failedOnce).isTrue();
        } finally {
            failingWriter.destroy();
        }
    }

    private static void awaitAtLeast(int count, IntSupplier calls) {
        Await.until(count + " calls", DEADLINE, () -> calls.getAsInt() >= count);
    }

    /** Until no call came for half a second. */
    private static void awaitQuiet(IntSupplier calls) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (int before = -1; before != calls.getAsInt(); ) {
            assertThat(System.nanoTime()).as("calls stopped coming in time").isLessThan(deadline);
            before = calls.getAsInt();
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // the quiet period
        }
    }
}
