package dev.coda.platform.secrets;

import dev.coda.platform.postgres.PostgresListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link DataKeys#isDestroyed} found, remembered while this service hears of every destruction: a key is
 * destroyed for good, and {@link DataKeys#destroy} notifies {@value #CHANNEL} in its transaction, so a
 * remembered "not destroyed" is corrected as soon as any service destroys that key. While the listener is
 * deaf nothing is remembered or used, and all is forgotten when it hears again: a destruction may have gone
 * unheard meanwhile.
 */
final class DestroyedSubjects implements PostgresListener.Subscriber {

    static final String CHANNEL = "coda_keys_destroyed";
    private static final int MAX_REMEMBERED = 100_000;

    private final Map<String, Boolean> remembered = new ConcurrentHashMap<>();
    private volatile boolean listening;
    /** Changes whenever an answer being asked may no longer hold; guarded by {@code this}. */
    private long generation;

    /** Whether the subject's key is destroyed, if that is known; null when the database must be asked. */
    Boolean known(String subject) {
        return listening ? remembered.get(subject) : null;
    }

    /** Taken before asking the database: an answer may be remembered only under the same ticket. */
    synchronized long ticket() {
        return listening ? generation : -1;
    }

    /** Remembers an answer unless a destruction was heard of meanwhile, or hearing was interrupted. */
    synchronized void remember(long ticket, String subject, boolean destroyed) {
        if (!listening || ticket != generation) {
            return;
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.putIfAbsent(subject, destroyed);
    }

    @Override
    public synchronized void listening() {
        remembered.clear();
        generation++;
        listening = true;
    }

    /** A destruction committed: a remembered "not destroyed" is corrected, and answers asked before it are void. */
    @Override
    public synchronized void notified(String subject) {
        generation++;
        remembered.replace(subject, true); // true from now on: a destroyed key never comes back
    }

    @Override
    public synchronized void deaf() {
        listening = false;
        remembered.clear();
        generation++;
    }
}
