package dev.coda.command.pairings;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds pairings by the hashes of their secrets, and knows whether a runner token is still valid. Rows are
 * written in the same transaction as the pairing's events.
 */
@Component
public class PairingRegistry {

    private final JdbcClient jdbc;

    PairingRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Registers the pairing under its code.
     *
     * @throws CodeTaken when another pairing, spent or not, was given the same code
     */
    void started(UUID pairingId, String userId, String codeHash, Instant expiresAt) {
        int started = jdbc.sql("""
                        INSERT INTO eventstore.pairing_registry (pairing_id, user_id, code_hash, expires_at)
                        VALUES (:id, :user, :code, :expiresAt)
                        ON CONFLICT (code_hash) DO NOTHING""")
                .param("id", pairingId).param("user", userId).param("code", codeHash)
                .param("expiresAt", Timestamp.from(expiresAt))
                .update();
        if (started == 0) {
            throw new CodeTaken();
        }
    }

    /**
     * The user's pairings that are approved, or may still be, and not revoked: each is or may become a runner. One
     * whose runner token was issued counts as approved whatever its code says: before V8 an approval cleared it.
     */
    int open(String userId, Instant now) {
        return jdbc.sql("""
                        SELECT count(*) FROM eventstore.pairing_registry
                        WHERE user_id = :user AND NOT revoked AND (code_spent OR token_id IS NOT NULL OR expires_at > :now)""")
                .param("user", userId).param("now", Timestamp.from(now))
                .query(Integer.class).single();
    }

    /** The code still finds the pairing, so that the runner can send its claim again (the aggregate decides). */
    void claimed(UUID pairingId, String jtiHash) {
        jdbc.sql("UPDATE eventstore.pairing_registry SET jti_hash = :jti WHERE pairing_id = :id")
                .param("id", pairingId).param("jti", jtiHash)
                .update();
    }

    /**
     * The code is single-use: once the pairing is approved it no longer finds it. Its hash stays reserved: the read
     * model keeps it, under a unique key, for as long as the pairing exists.
     */
    void approved(UUID pairingId) {
        jdbc.sql("UPDATE eventstore.pairing_registry SET code_spent = true WHERE pairing_id = :id")
                .param("id", pairingId)
                .update();
    }

    void tokenIssued(UUID pairingId, String tokenId) {
        jdbc.sql("UPDATE eventstore.pairing_registry SET token_id = :token WHERE pairing_id = :id")
                .param("id", pairingId).param("token", tokenId)
                .update();
    }

    void revoked(UUID pairingId) {
        jdbc.sql("UPDATE eventstore.pairing_registry SET revoked = true, code_spent = true WHERE pairing_id = :id")
                .param("id", pairingId)
                .update();
    }

    Optional<UUID> byCode(String codeHash) {
        return jdbc.sql("SELECT pairing_id FROM eventstore.pairing_registry WHERE code_hash = :code AND NOT code_spent")
                .param("code", codeHash).query(UUID.class).optional();
    }

    Optional<UUID> byJti(String jtiHash) {
        return jdbc.sql("SELECT pairing_id FROM eventstore.pairing_registry WHERE jti_hash = :jti")
                .param("jti", jtiHash).query(UUID.class).optional();
    }

    /** A new pairing's code is one another pairing was given: the caller starts it with a new code. */
    static final class CodeTaken extends RuntimeException {

        CodeTaken() {
            super("This pairing code was given to another pairing", null, false, false);
        }
    }

    /** Whether the runner token {@code tokenId} of {@code pairingId} was issued and is not revoked. */
    public boolean isTokenValid(UUID pairingId, String tokenId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM eventstore.pairing_registry
                                       WHERE pairing_id = :id AND token_id = :token AND NOT revoked)""")
                .param("id", pairingId).param("token", tokenId)
                .query(Boolean.class).single();
    }
}
