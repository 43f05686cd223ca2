package dev.coda.command.users;

import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.contracts.users.Emails;
import dev.coda.platform.secrets.Hashes;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The set-based rules no single aggregate can check: which users exist, one user per email
 * (case-insensitive), one account per provider account, one session per token. Rows are written in the
 * transaction that appends the matching events, so the registry and the events never disagree, and hold
 * SHA-256 hashes, and session tokens sealed with their user's data key: no email, account id or token rests here in
 * clear.
 */
@Component
public class UserRegistry {

    private final JdbcClient jdbc;

    UserRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The hash an email (or another verification identifier) is known by, whatever its case. */
    private static String identifierHash(String identifier) {
        return Hashes.sha256(Emails.key(identifier));
    }

    public boolean contains(String userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM eventstore.user_registry WHERE user_id = :userId)")
                .param("userId", userId)
                .query(Boolean.class)
                .single();
    }

    /**
     * Whether {@code userId} is registered; their row stays locked until the command's transaction ends, so that the
     * commands that count what one user has open (pairings, running jobs) count one after the other, on any instance.
     */
    public boolean lock(String userId) {
        return jdbc.sql("SELECT user_id FROM eventstore.user_registry WHERE user_id = :userId FOR UPDATE")
                .param("userId", userId)
                .query(String.class)
                .optional()
                .isPresent();
    }

    /** Claims {@code email} for {@code userId}; fails if another user has it. */
    void register(String userId, String email) {
        int claimed = jdbc.sql("""
                        INSERT INTO eventstore.user_registry (user_id, email_hash) VALUES (:userId, :emailHash)
                        ON CONFLICT DO NOTHING""")
                .param("userId", userId)
                .param("emailHash", identifierHash(email))
                .update();
        if (claimed == 0) {
            throw emailTaken();
        }
    }

    /**
     * Moves {@code userId} to {@code email}; fails if another user has it. The verification tokens sent to
     * their old email stop working, and their ids are returned, so that their data keys are destroyed with them:
     * a sign-in link must not outlive the address it was sent to, nor keep that address readable.
     */
    List<String> changeEmail(String userId, String email) {
        String emailHash = identifierHash(email);
        String oldHash = jdbc.sql("SELECT email_hash FROM eventstore.user_registry WHERE user_id = :userId FOR UPDATE")
                .param("userId", userId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> deletedMeanwhile(userId));
        if (oldHash.equals(emailHash)) {
            return List.of();
        }
        try {
            jdbc.sql("UPDATE eventstore.user_registry SET email_hash = :emailHash WHERE user_id = :userId")
                    .param("userId", userId)
                    .param("emailHash", emailHash)
                    .update();
        } catch (DuplicateKeyException e) {
            throw emailTaken();
        }
        return voidVerificationTokens(oldHash);
    }

    void claimAccount(String userId, String provider, String providerAccountId) {
        int claimed = jdbc.sql("""
                        INSERT INTO eventstore.account_registry (account_hash, user_id) VALUES (:accountHash, :userId)
                        ON CONFLICT DO NOTHING""")
                .param("accountHash", accountHash(provider, providerAccountId))
                .param("userId", userId)
                .update();
        if (claimed == 0) {
            throw new CommandRefused(Reason.ACCOUNT_TAKEN, "This provider account is already linked to a user.");
        }
    }

    /** Releases the account if {@code userId} holds it; false if they do not. */
    boolean releaseAccount(String userId, String provider, String providerAccountId) {
        return jdbc.sql("DELETE FROM eventstore.account_registry WHERE account_hash = :accountHash AND user_id = :userId")
                .param("accountHash", accountHash(provider, providerAccountId))
                .param("userId", userId)
                .update() == 1;
    }

    public Optional<String> ownerOfAccount(String provider, String providerAccountId) {
        return jdbc.sql("SELECT user_id FROM eventstore.account_registry WHERE account_hash = :accountHash")
                .param("accountHash", accountHash(provider, providerAccountId))
                .query(String.class)
                .optional();
    }

    /** A session whose expiry has passed, by the hash of its token. */
    record ExpiredSession(String userId, String tokenHash) {
    }

    /** Claims the session's token for the user, with its expiry and the token sealed (for its sweep's event). */
    void claimSession(String userId, String sessionToken, String sealedToken, Instant expires) {
        int claimed = jdbc.sql("""
                        INSERT INTO eventstore.session_registry (token_hash, user_id, expires_at, sealed_token)
                        VALUES (:tokenHash, :userId, :expiresAt, :sealedToken)
                        ON CONFLICT DO NOTHING""")
                .param("tokenHash", Hashes.sha256(sessionToken))
                .param("userId", userId)
                .param("expiresAt", Timestamp.from(expires))
                .param("sealedToken", sealedToken)
                .update();
        if (claimed == 0) {
            throw new CommandRefused(Reason.SESSION_EXISTS, "A session with this token exists.");
        }
    }

    /** Moves the session's expiry; a session started before V10 gets its sealed token here, so it is swept too. */
    void extendSession(String sessionToken, String sealedToken, Instant expires) {
        jdbc.sql("""
                        UPDATE eventstore.session_registry
                        SET expires_at = :expiresAt, sealed_token = coalesce(sealed_token, :sealedToken)
                        WHERE token_hash = :tokenHash""")
                .param("tokenHash", Hashes.sha256(sessionToken))
                .param("expiresAt", Timestamp.from(expires))
                .param("sealedToken", sealedToken)
                .update();
    }

    /** The sessions whose expiry is {@code now} or before: at most {@code limit}, the longest expired first. */
    List<ExpiredSession> expiredSessions(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT user_id, token_hash FROM eventstore.session_registry
                        WHERE expires_at <= :now AND sealed_token IS NOT NULL ORDER BY expires_at LIMIT :limit""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((row, n) -> new ExpiredSession(row.getString("user_id"), row.getString("token_hash")))
                .list();
    }

    /**
     * Drops the session if it expired by {@code now}, in one statement (an extension committed meanwhile wins); its
     * sealed token, if it did.
     */
    Optional<String> releaseExpiredSession(String tokenHash, Instant now) {
        return jdbc.sql("""
                        DELETE FROM eventstore.session_registry
                        WHERE token_hash = :tokenHash AND expires_at <= :now AND sealed_token IS NOT NULL
                        RETURNING sealed_token""")
                .param("tokenHash", tokenHash)
                .param("now", Timestamp.from(now))
                .query(String.class)
                .optional();
    }

    /**
     * Moves the expired session's sweep to {@code at}: one whose sweep failed goes after those due meanwhile. A session
     * extended meanwhile keeps its expiry.
     */
    void sweepSessionAt(String tokenHash, Instant at) {
        jdbc.sql("UPDATE eventstore.session_registry SET expires_at = :at WHERE token_hash = :tokenHash AND expires_at < :at")
                .param("tokenHash", tokenHash)
                .param("at", Timestamp.from(at))
                .update();
    }

    void releaseSession(String sessionToken) {
        jdbc.sql("DELETE FROM eventstore.session_registry WHERE token_hash = :tokenHash")
                .param("tokenHash", Hashes.sha256(sessionToken))
                .update();
    }

    public Optional<String> ownerOfSession(String sessionToken) {
        return jdbc.sql("SELECT user_id FROM eventstore.session_registry WHERE token_hash = :tokenHash")
                .param("tokenHash", Hashes.sha256(sessionToken))
                .query(String.class)
                .optional();
    }

    /**
     * Records the token, to be swept at its expiry; fails if another instance issued the same one meanwhile. The user registered with that
     * identifier, if any, is share-locked first: a change of their email or their deletion, which void the tokens
     * sent to the old address, then waits for this token to commit and voids it too, instead of missing it.
     */
    void issueVerificationToken(String tokenId, String identifier, Instant expires) {
        String identifierHash = identifierHash(identifier);
        jdbc.sql("SELECT 1 FROM eventstore.user_registry WHERE email_hash = :identifierHash FOR SHARE")
                .param("identifierHash", identifierHash)
                .query(Integer.class)
                .optional();
        int issued = jdbc.sql("""
                        INSERT INTO eventstore.verification_registry (token_id, identifier_hash, sweep_at)
                        VALUES (:tokenId, :identifierHash, :sweepAt)
                        ON CONFLICT DO NOTHING""")
                .param("tokenId", tokenId)
                .param("identifierHash", identifierHash)
                .param("sweepAt", Timestamp.from(expires))
                .update();
        if (issued == 0) {
            throw new CommandRefused(Reason.VERIFICATION_TOKEN_EXISTS, "This verification token was issued before.");
        }
    }

    /**
     * Drops the token's row; whether it was there. An email change or a deletion that voids the token drops it too,
     * and a use that waited for that one's lock finds it gone.
     */
    boolean spendVerificationToken(String tokenId) {
        return jdbc.sql("DELETE FROM eventstore.verification_registry WHERE token_id = :tokenId").param("tokenId", tokenId)
                .update() > 0;
    }

    /** The tokens, not used yet, whose sweep is due at {@code now}: at most {@code limit}, the longest due first. */
    List<String> verificationTokensToSweep(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT token_id FROM eventstore.verification_registry
                        WHERE sweep_at <= :now ORDER BY sweep_at LIMIT :limit""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    void sweepVerificationTokenAt(String tokenId, Instant sweepAt) {
        jdbc.sql("UPDATE eventstore.verification_registry SET sweep_at = :sweepAt WHERE token_id = :tokenId")
                .param("tokenId", tokenId)
                .param("sweepAt", Timestamp.from(sweepAt))
                .update();
    }

    /**
     * Forgets {@code userId} everywhere the command side keeps set-based state: email, accounts, sessions,
     * runner pairings (their tokens stop working at once), scheduled idea purges, job leases and the verification
     * tokens sent to their email. Returns the data key subjects to destroy: the user's and those tokens'.
     */
    List<String> forget(String userId) {
        String emailHash = jdbc.sql("DELETE FROM eventstore.user_registry WHERE user_id = :userId RETURNING email_hash")
                .param("userId", userId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> deletedMeanwhile(userId));
        for (String table : new String[] {"account_registry", "session_registry", "pairing_registry", "idea_purge_schedule",
                "job_leases"}) {
            jdbc.sql("DELETE FROM eventstore." + table + " WHERE user_id = :userId").param("userId", userId).update();
        }
        List<String> subjects = new ArrayList<>(List.of(userId));
        subjects.addAll(voidVerificationTokens(emailHash));
        return subjects;
    }

    /** Forgets the verification tokens sent to the identifier with this hash; returns their ids. */
    private List<String> voidVerificationTokens(String identifierHash) {
        return jdbc.sql("DELETE FROM eventstore.verification_registry WHERE identifier_hash = :identifierHash RETURNING token_id")
                .param("identifierHash", identifierHash)
                .query(String.class)
                .list();
    }

    private static String accountHash(String provider, String providerAccountId) {
        return Hashes.sha256(provider + '\n' + providerAccountId);
    }

    /** Another instance deleted the user since this one loaded them: the command's retry finds them gone (404). */
    private static ConcurrencyException deletedMeanwhile(String userId) {
        return new ConcurrencyException("User " + userId + " was deleted meanwhile");
    }

    private static CommandRefused emailTaken() {
        return new CommandRefused(Reason.EMAIL_TAKEN, "A user with this email is already registered.");
    }
}
