package dev.coda.command.users;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the {@link User} aggregate, sent by the trusted auth adapter. Secrets arrive in clear and leave sealed. */
public sealed interface UserCommand {

    record RegisterUser(String userId, String name, String email, Instant emailVerified, String image)
            implements UserCommand {
    }

    /** A {@code null} field stays as it is. */
    record ChangeProfile(@TargetAggregateIdentifier String userId, String name, String email, Instant emailVerified,
                         String image) implements UserCommand {
    }

    record LinkAccount(@TargetAggregateIdentifier String userId, String provider, String providerAccountId,
                       String type, String refreshToken, String accessToken, Long expiresAt, String tokenType,
                       String scope, String idToken, String sessionState) implements UserCommand {

        @Override
        public String toString() {
            return "LinkAccount[userId=" + userId + ", provider=" + provider + ", secrets redacted]";
        }
    }

    record UnlinkAccount(@TargetAggregateIdentifier String userId, String provider, String providerAccountId)
            implements UserCommand {
    }

    record StartSession(@TargetAggregateIdentifier String userId, String sessionToken, Instant expires)
            implements UserCommand {

        @Override
        public String toString() {
            return "StartSession[userId=" + userId + ", sessionToken=redacted, expires=" + expires + "]";
        }
    }

    record ExtendSession(@TargetAggregateIdentifier String userId, String sessionToken, Instant expires)
            implements UserCommand {

        @Override
        public String toString() {
            return "ExtendSession[userId=" + userId + ", sessionToken=redacted, expires=" + expires + "]";
        }
    }

    record EndSession(@TargetAggregateIdentifier String userId, String sessionToken) implements UserCommand {

        @Override
        public String toString() {
            return "EndSession[userId=" + userId + ", sessionToken=redacted]";
        }
    }

    /** Ends the session if it has expired; sent by the {@link ExpirySweeper}, by the hash of its token. */
    record ExpireSession(@TargetAggregateIdentifier String userId, String tokenHash) implements UserCommand {
    }

    /** Deletes the user, everything they own, and (by destroying their data key) the personal data in their events. */
    record DeleteUser(@TargetAggregateIdentifier String userId) implements UserCommand {
    }
}
