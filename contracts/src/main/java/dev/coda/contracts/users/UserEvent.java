package dev.coda.contracts.users;

import dev.coda.contracts.EventRevision;
import dev.coda.contracts.UserOwned;
import java.time.Instant;

/**
 * Events of the {@code User} aggregate (the aggregate identifier is the user id), as an Auth.js adapter
 * writes them. Fields documented as <em>sealed</em> hold personal data or secrets encrypted with the
 * user's data key ({@code aesgcm:...}); once the user is deleted, the key is destroyed and they are
 * unreadable for good (crypto-shredding). The other fields are not personal.
 */
public sealed interface UserEvent extends UserOwned {

    /** A user was created; {@code name}, {@code email} and {@code image} are sealed. */
    @EventRevision("2")
    record UserRegistered(String userId, String name, String email, Instant emailVerified, String image,
                          Instant registeredAt) implements UserEvent {
    }

    /** The profile changed; a {@code null} field is unchanged. {@code name}, {@code email}, {@code image} are sealed. */
    @EventRevision("1")
    record UserProfileChanged(String userId, String name, String email, Instant emailVerified, String image,
                              Instant changedAt) implements UserEvent {
    }

    /**
     * An OAuth or other provider account was linked. {@code providerAccountId}, {@code refreshToken},
     * {@code accessToken}, {@code idToken} and {@code sessionState} are sealed.
     */
    @EventRevision("1")
    record AccountLinked(String userId, String provider, String providerAccountId, String type,
                         String refreshToken, String accessToken, Long expiresAt, String tokenType, String scope,
                         String idToken, String sessionState) implements UserEvent {
    }

    /** An account was unlinked; {@code providerAccountId} is sealed. */
    @EventRevision("1")
    record AccountUnlinked(String userId, String provider, String providerAccountId) implements UserEvent {
    }

    /** A database session started; {@code sessionToken} is sealed. */
    @EventRevision("1")
    record SessionStarted(String userId, String sessionToken, Instant expires) implements UserEvent {
    }

    /** A session's expiry moved; {@code sessionToken} is sealed. */
    @EventRevision("1")
    record SessionExtended(String userId, String sessionToken, Instant expires) implements UserEvent {
    }

    /** A session ended (sign-out or cleanup); {@code sessionToken} is sealed. */
    @EventRevision("1")
    record SessionEnded(String userId, String sessionToken) implements UserEvent {
    }

    /**
     * The user was deleted and their data key destroyed: every sealed field of their past events is
     * unreadable, and the read model forgets them and everything they owned.
     */
    @EventRevision("1")
    record UserDeleted(String userId, Instant deletedAt) implements UserEvent {
    }
}
