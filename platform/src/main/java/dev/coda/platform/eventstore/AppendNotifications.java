package dev.coda.platform.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * PostgreSQL LISTEN/NOTIFY on channel {@value #CHANNEL}: "events were appended". The writer calls
 * {@link #appended()} after its transaction committed; one thread sends the NOTIFY on a connection of its own,
 * outside the appending transaction (a NOTIFY inside it would serialize every commit on PostgreSQL's notify
 * queue lock), and coalesces: however many commits come while one NOTIFY is on its way, one more follows. A
 * reader {@linkplain #subscribe(Runnable) subscribes} and is called back on every notification, after each
 * (re)connection, and whenever {@code fallbackPoll} passed without one: a notification lost while a
 * connection was down delays a reader by that much and loses nothing.
 */
public class AppendNotifications implements DisposableBean {

    /** The channel, also for tools: {@code LISTEN coda_events_appended} in psql shows the appends live. */
    public static final String CHANNEL = "coda_events_appended";

    private static final Logger log = LoggerFactory.getLogger(AppendNotifications.class);
    private static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(1);

    private final DataSource dataSource;
    /** How long one wait for notifications lasts, so that a stop is noticed soon. */
    private static final int WAIT_SLICE_MILLIS = 200;

    private final long fallbackPollNanos;
    private final Set<Runnable> subscribers = new CopyOnWriteArraySet<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean stopped;
    private Thread notifier;
    private Thread listener;

    public AppendNotifications(DataSource dataSource, Duration fallbackPoll) {
        this.dataSource = dataSource;
        this.fallbackPollNanos = fallbackPoll.toNanos();
    }

    /** Events were committed: readers will be notified, once for this and any other commit meanwhile. */
    public void appended() {
        pending.set(true);
        Thread current = notifier;
        if (current == null) {
            current = startNotifier();
        }
        LockSupport.unpark(current);
    }

    /**
     * Calls {@code onAppended} from the listening thread (started by the first subscription) until the returned
     * subscription is closed. It should only hand the news over: the thread serves every subscriber.
     */
    public Subscription subscribe(Runnable onAppended) {
        subscribers.add(onAppended);
        synchronized (this) {
            if (listener == null && !stopped) {
                listener = daemon("event-store-listener", this::listenUntilStopped);
            }
        }
        return () -> subscribers.remove(onAppended);
    }

    /** Ends a subscription. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private synchronized Thread startNotifier() {
        if (notifier == null) {
            notifier = daemon("event-store-notifier", this::notifyUntilStopped);
        }
        return notifier;
    }

    private void notifyUntilStopped() {
        while (!stopped) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                while (!stopped) {
                    if (pending.getAndSet(false)) {
                        statement.execute("NOTIFY " + CHANNEL);
                    } else {
                        LockSupport.park(this);
                    }
                }
            } catch (SQLException e) {
                log.warn("Cannot notify {}; readers fall back to polling until it works again: {}", CHANNEL, e.getMessage());
                LockSupport.parkNanos(RECONNECT_BACKOFF.toNanos());
            }
        }
    }

    private void listenUntilStopped() {
        while (!stopped) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.execute("LISTEN " + CHANNEL);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                boolean listenedBefore = false; // the first call is for whatever was appended while nobody listened
                long lastCall = System.nanoTime();
                while (!stopped) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_SLICE_MILLIS);
                    boolean notified = notifications != null && notifications.length > 0;
                    if (notified || !listenedBefore || System.nanoTime() - lastCall >= fallbackPollNanos) {
                        listenedBefore = true;
                        lastCall = System.nanoTime();
                        subscribers.forEach(Runnable::run);
                    }
                }
            } catch (SQLException e) {
                log.warn("Cannot listen to {}; readers fall back to polling until it works again: {}", CHANNEL, e.getMessage());
                LockSupport.parkNanos(RECONNECT_BACKOFF.toNanos());
            }
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void destroy() throws InterruptedException {
        stopped = true;
        for (Thread thread : new Thread[] {notifier, listener}) {
            if (thread != null) {
                LockSupport.unpark(thread);
                thread.join(WAIT_SLICE_MILLIS * 5L);
            }
        }
    }
}
