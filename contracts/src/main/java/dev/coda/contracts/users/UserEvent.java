package dev.coda.contracts.users;

import dev.coda.contracts.EventRevision;
import dev.coda.contracts.UserOwned;
import java.time.Instant;

/** Events of the {@code User} aggregate; the aggregate identifier is the user id. */
public sealed interface UserEvent extends UserOwned {

    /** A trusted auth adapter registered a user. */
    @EventRevision("1")
    record UserRegistered(String userId, String name, String email, String image, Instant registeredAt)
            implements UserEvent {
    }
}
