package dev.coda.platform.eventstore;

import dev.coda.platform.postgres.PostgresListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * PostgreSQL LISTEN/NOTIFY on channel {@value #CHANNEL}: "events were appended". The writer calls
 * {@link #appended()} after its transaction committed; one thread sends the NOTIFY on a connection of its own,
 * outside the appending transaction (a NOTIFY inside it would serialize every commit on PostgreSQL's notify
 * queue lock), and coalesces: however many commits come while one NOTIFY is on its way, one more follows. A
 * reader {@linkplain #subscribe(Runnable) subscribes} and is called back on every notification, whenever the
 * {@link PostgresListener} (re)connects, and whenever {@code fallbackPoll} passed without a call: a notification
 * lost while a connection was down delays a reader by that much and loses nothing.
 */
public class AppendNotifications implements DisposableBean {

    /** The channel, also for tools: {@code LISTEN coda_events_appended} in psql shows the appends live. */
    public static final String CHANNEL = "coda_events_appended";

    private static final Logger log = LoggerFactory.getLogger(AppendNotifications.class);
    private static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final PostgresListener listener;
    private final long fallbackPollNanos;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean stopped;
    private Thread notifier;

    public AppendNotifications(DataSource dataSource, PostgresListener listener, Duration fallbackPoll) {
        this.dataSource = dataSource;
        this.listener = listener;
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
     * Calls {@code onAppended} from the listening thread until the returned subscription is closed. It should
     * only hand the news over: the thread serves every subscriber.
     */
    public PostgresListener.Subscription subscribe(Runnable onAppended) {
        return listener.subscribe(CHANNEL, new PostgresListener.Subscriber() {
            private long lastCall = System.nanoTime();

            @Override
            public void listening() {
                call(); // for whatever was appended while nobody listened
            }

            @Override
            public void notified(String payload) {
                call();
            }

            @Override
            public void waited() {
                if (System.nanoTime() - lastCall >= fallbackPollNanos) {
                    call();
                }
            }

            private void call() {
                lastCall = System.nanoTime();
                onAppended.run();
            }
        });
    }

    private synchronized Thread startNotifier() {
        if (notifier == null) {
            notifier = new Thread(this::notifyUntilStopped, "event-store-notifier");
            notifier.setDaemon(true);
            notifier.start();
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
            } catch (SQLException | RuntimeException | Error e) { // whatever it was, the thread that notifies must live on
                pending.set(true); // the news this try may have lost goes out once it works again
                log.warn("Cannot notify {}; readers fall back to polling until it works again: {}", CHANNEL, e.toString());
                LockSupport.parkNanos(RECONNECT_BACKOFF.toNanos());
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        stopped = true;
        Thread thread = notifier;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread.join(RECONNECT_BACKOFF.toMillis());
        }
    }
}
