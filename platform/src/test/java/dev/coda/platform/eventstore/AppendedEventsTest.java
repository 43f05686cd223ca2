package dev.coda.platform.eventstore;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.platform.postgres.PostgresListener;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A processor's stream of the event store on real PostgreSQL, counting the queries that read the store: a
 * caught-up processor asks for the next event several times per round, and only news of an append may cost a
 * query. The fallback poll is a minute, so news within the test came from a notification.
 */
class AppendedEventsTest {

    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("appended_events");
    private final DriverManagerDataSource dataSource =
            new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password());
    private final AtomicInteger storeReads = new AtomicInteger();
    private final EventStorageEngine store = TestEventStore.create(database, countingStoreReads(dataSource));
    private final PostgresListener listener = new PostgresListener(dataSource);
    private final AppendNotifications notifications = new AppendNotifications(dataSource, listener, Duration.ofMinutes(1));
    private final AppendedEvents events = new AppendedEvents(store, notifications);

    @AfterEach
    void stop() throws Exception {
        notifications.destroy();
        listener.destroy();
        database.close();
    }

    @Test
    void aCaughtUpStreamReadsTheStoreAgainOnlyForNewsOfAnAppend() throws Exception {
        store.appendEvents(event(0), event(1));
        AtomicInteger news = new AtomicInteger();
        TrackingEventStream stream = events.openStream(null);
        stream.setOnAvailableCallback(news::incrementAndGet);
        Await.until("the stream listening", Duration.ofSeconds(10), () -> news.get() > 0);

        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 1");
        assertThat(stream.hasNextAvailable(0, MILLISECONDS)).isFalse();
        int readsWhenCaughtUp = storeReads.get();
        for (int ask = 0; ask < 10; ask++) {
            assertThat(stream.peek()).isEmpty();
            assertThat(stream.hasNextAvailable(0, MILLISECONDS)).isFalse();
        }
        assertThat(storeReads.get()).as("queries for asks without news").isEqualTo(readsWhenCaughtUp);

        store.appendEvents(event(2));
        notifications.appended();

        assertThat(stream.hasNextAvailable(10, SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 2");
        stream.close();
    }

    private static GenericDomainEventMessage<String> event(long sequence) {
        return new GenericDomainEventMessage<>("IdeaBoard", "board-1", sequence, "event " + sequence);
    }

    /** {@code target}, counting each query of the store's events it prepares. */
    private DataSource countingStoreReads(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                                    && sql.startsWith("SELECT") && sql.contains("domain_event_entry")) {
                                storeReads.incrementAndGet();
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException failed) {
                                throw failed.getCause();
                            }
                        });
            }
        };
    }
}
