package dev.coda.command.users;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of a {@link VerificationToken}, addressed by {@link VerificationToken#idOf}. */
public sealed interface VerificationTokenCommand {

    record IssueVerificationToken(@TargetAggregateIdentifier String tokenId, String identifier, String token,
                                  Instant expires) implements VerificationTokenCommand {

        @Override
        public String toString() {
            return "IssueVerificationToken[tokenId=" + tokenId + ", secrets redacted, expires=" + expires + "]";
        }
    }

    record UseVerificationToken(@TargetAggregateIdentifier String tokenId) implements VerificationTokenCommand {
    }

    /** Sweeps the token if it expired unused; else moves its registry row to the expiry the token has. */
    record SweepVerificationToken(@TargetAggregateIdentifier String tokenId) implements VerificationTokenCommand {
    }
}
