package dev.coda.platform.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The service's ear on PostgreSQL's LISTEN/NOTIFY: one connection and one thread, started by the first
 * subscription, that LISTENs to every subscribed channel and hands each notification to the channel's
 * subscribers. A notification sent while the connection is down is lost, so subscribers are told when they
 * stop hearing and when they hear again; the connection is retried every second until it works, and checked
 * after {@link #ALIVE_CHECK} without a notification, so that one that died without a word is noticed.
 */
public class PostgresListener implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);
    private static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(1);
    /**
     * After this long without a notification the connection is checked with a query, which must answer
     * within as long: a connection cut without a word (a crashed host, a dropped route) is noticed then.
     */
    private static final Duration ALIVE_CHECK = Duration.ofSeconds(5);
    /** How long one wait for notifications lasts, so that new channels and a stop are noticed soon. */
    private static final int WAIT_SLICE_MILLIS = 200;

    private final DataSource dataSource;
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private Thread listener;

    public PostgresListener(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What a subscriber to a channel hears; every call comes from the listening thread, so each must be quick. */
    public interface Subscriber {

        /** LISTEN is in place: from now on every notification is heard, and none sent before it was. */
        void listening();

        /** A notification on the channel, with its payload (empty when it had none). */
        void notified(String payload);

        /** The connection failed: nothing is heard until {@link #listening()} is called again. */
        default void deaf() {
        }

        /** Called at least every 200 ms, also while the connection is down: for a fallback poll. */
        default void waited() {
        }
    }

    /** Ends a subscription. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Subscribes to {@code channel} (a plain identifier); the subscriber's {@code listening()} comes first. */
    public Subscription subscribe(String channel, Subscriber subscriber) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        subscribers.computeIfAbsent(channel, any -> new CopyOnWriteArraySet<>()).add(subscriber);
        synchronized (this) {
            if (listener == null && !stopped) {
                listener = new Thread(this::listenUntilStopped, "postgres-listener");
                listener.setDaemon(true);
                listener.start();
            }
        }
        return () -> subscribers.getOrDefault(channel, Set.of()).remove(subscriber);
    }

    private void listenUntilStopped() {
        while (!stopped) {
            Set<Subscriber> hearing = new HashSet<>();
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                connection.setNetworkTimeout(Runnable::run, (int) ALIVE_CHECK.toMillis());
                PGConnection postgres = connection.unwrap(PGConnection.class);
                Set<String> channels = new HashSet<>();
                long lastHeard = System.nanoTime();
                while (!stopped) {
                    listenToNewSubscribers(statement, channels, hearing);
                    PGNotification[] notifications = postgres.getNotifications(WAIT_SLICE_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        lastHeard = System.nanoTime();
                        for (PGNotification notification : notifications) {
                            subscribers.getOrDefault(notification.getName(), Set.of()).stream().filter(hearing::contains)
                                    .forEach(subscriber -> call(subscriber, it -> it.notified(notification.getParameter())));
                        }
                    } else if (System.nanoTime() - lastHeard > ALIVE_CHECK.toNanos()) {
                        statement.execute("SELECT 1"); // a connection that went silently dead fails here, within the timeout
                        lastHeard = System.nanoTime();
                    }
                    hearing.forEach(subscriber -> call(subscriber, Subscriber::waited));
                }
            } catch (SQLException | RuntimeException | Error e) {
                // an Error too (an OutOfMemoryError in a busy minute): this thread dying would leave every
                // subscriber deaf for good, and their fallback polls run on it as well
                log.warn("Cannot listen to PostgreSQL notifications; trying again in {}: {}", RECONNECT_BACKOFF, e.toString());
            } finally {
                hearing.forEach(subscriber -> call(subscriber, Subscriber::deaf));
            }
            awaitReconnect();
        }
    }

    /** The pause before connecting again; the subscribers' {@code waited()} still comes, for their fallbacks. */
    private void awaitReconnect() {
        long until = System.nanoTime() + RECONNECT_BACKOFF.toNanos();
        while (!stopped && System.nanoTime() < until) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(WAIT_SLICE_MILLIS));
            subscribers.values().forEach(channel -> channel.forEach(subscriber -> call(subscriber, Subscriber::waited)));
        }
    }

    /** A subscriber that fails is logged, never allowed to stop the thread that every other one depends on. */
    private static void call(Subscriber subscriber, Consumer<Subscriber> callback) {
        try {
            callback.accept(subscriber);
        } catch (RuntimeException | Error e) {
            log.error("A subscriber to PostgreSQL notifications failed; it stays subscribed", e);
        }
    }

    /** LISTENs to channels subscribed since the last turn, and tells new subscribers that they now hear. */
    private void listenToNewSubscribers(Statement statement, Set<String> channels, Set<Subscriber> hearing) throws SQLException {
        for (Map.Entry<String, Set<Subscriber>> channel : subscribers.entrySet()) {
            if (channels.add(channel.getKey())) {
                statement.execute("LISTEN " + channel.getKey());
            }
            for (Subscriber subscriber : channel.getValue()) {
                if (hearing.add(subscriber)) {
                    call(subscriber, Subscriber::listening);
                }
            }
        }
        hearing.removeIf(subscriber -> subscribers.values().stream().noneMatch(channel -> channel.contains(subscriber)));
    }

    @Override
    public void destroy() throws InterruptedException {
        stopped = true;
        Thread thread;
        synchronized (this) {
            thread = listener;
        }
        if (thread != null) {
            LockSupport.unpark(thread);
            thread.join(WAIT_SLICE_MILLIS * 5L);
        }
    }
}
