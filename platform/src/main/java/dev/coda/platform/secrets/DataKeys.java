package dev.coda.platform.secrets;

import dev.coda.platform.postgres.PostgresListener;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The per-subject data keys in {@code eventstore.data_keys}, each wrapped (AES-GCM) with the master key.
 * A destroyed key leaves a row without key material behind: the mark that the subject was erased, which a
 * rebuild of the read model honours. Calls join the caller's transaction, so a key is created or destroyed
 * atomically with the events that need it.
 */
public class DataKeys {

    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;
    private final SecretKey masterKey;
    private final DestroyedSubjects remembered = new DestroyedSubjects();

    public DataKeys(JdbcClient jdbc, SecretsProperties properties, PostgresListener listener) {
        this.jdbc = jdbc;
        this.masterKey = masterKey(properties.masterKey());
        listener.subscribe(DestroyedSubjects.CHANNEL, remembered);
    }

    /** A new key for {@code subject}, or its existing one; fails if the subject's key was destroyed. */
    public DataKey create(String subject) {
        byte[] material = new byte[32];
        random.nextBytes(material);
        jdbc.sql("""
                        INSERT INTO eventstore.data_keys (subject, wrapped_key) VALUES (:subject, :wrapped)
                        ON CONFLICT (subject) DO NOTHING""")
                .param("subject", subject)
                .param("wrapped", DataKey.encrypt(masterKey, subject, material))
                .update();
        return find(subject).orElseThrow(() -> new IllegalStateException("the data key of this subject was destroyed"));
    }

    /** The key of {@code subject}; empty when it never had one or it was destroyed. */
    public Optional<DataKey> find(String subject) {
        return jdbc.sql("SELECT wrapped_key FROM eventstore.data_keys WHERE subject = :subject AND wrapped_key IS NOT NULL")
                .param("subject", subject)
                .query(byte[].class)
                .optional()
                .map(wrapped -> new DataKey(subject, aesKey(DataKey.decrypt(masterKey, subject, wrapped))));
    }

    /** Destroys the key of {@code subject} for good: whatever it sealed can no longer be read. */
    public void destroy(String subject) {
        jdbc.sql("""
                        INSERT INTO eventstore.data_keys (subject, wrapped_key, destroyed_at) VALUES (:subject, NULL, now())
                        ON CONFLICT (subject) DO UPDATE SET wrapped_key = NULL, destroyed_at = now()""")
                .param("subject", subject)
                .update();
        // heard by every service once the transaction commits: what they remember of the subject is corrected
        jdbc.sql("SELECT pg_notify(:channel, :subject)")
                .param("channel", DestroyedSubjects.CHANNEL)
                .param("subject", subject)
                .query()
                .singleRow();
        // this service knows at its own commit, before the notification comes back to it: the deleted user's
        // next request, which may come at once, is refused
        afterCommit(() -> remembered.notified(subject));
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run(); // no transaction: the statements above committed each on its own
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /**
     * A hash of {@code value} that nobody can compute without the master key (HMAC-SHA256, under a key derived
     * from the master key for {@code purpose}; 64 hex digits). For a secret too short for a plain hash to hide:
     * a pairing code has 40 bits, and the SHA-256 of every code takes a graphics card about a minute.
     */
    public String keyedHash(String purpose, String value) {
        byte[] purposeKey = Hashes.hmacSha256(masterKey.getEncoded(), "coda keyed hash: " + purpose);
        return HexFormat.of().formatHex(Hashes.hmacSha256(purposeKey, value));
    }

    /**
     * Whether the key of {@code subject} was destroyed: for a user, whether they were deleted. Asked on every
     * request, so answered from what this service remembers while it hears of every destruction.
     */
    public boolean isDestroyed(String subject) {
        Boolean known = remembered.known(subject);
        if (known != null) {
            return known;
        }
        long ticket = remembered.ticket();
        boolean answer = jdbc.sql("SELECT EXISTS (SELECT 1 FROM eventstore.data_keys WHERE subject = :subject AND wrapped_key IS NULL)")
                .param("subject", subject)
                .query(Boolean.class)
                .single();
        remembered.remember(ticket, subject, answer);
        return answer;
    }

    private static SecretKey masterKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException("No master key: set coda.secrets.master-key (CODA_SECRETS_MASTER_KEY) "
                    + "to 32 random bytes in base64, e.g. the output of 'openssl rand -base64 32'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("coda.secrets.master-key is not base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("coda.secrets.master-key must be 32 bytes (AES-256), not " + bytes.length);
        }
        return aesKey(bytes);
    }

    private static SecretKey aesKey(byte[] material) {
        return new SecretKeySpec(material, "AES");
    }
}
