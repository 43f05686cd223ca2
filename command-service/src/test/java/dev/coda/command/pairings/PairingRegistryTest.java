package dev.coda.command.pairings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coda.command.CommandServiceTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A pairing code is given to one pairing only, ever: the read model keeps every pairing's code hash under a
 * unique key, so a spent code given again would stop its projection for every user.
 */
class PairingRegistryTest extends CommandServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(600);

    @Autowired
    private PairingRegistry registry;

    @Test
    void aSpentCodeFindsNoPairingAndIsNeverGivenAgain() {
        String code = "code-hash-" + UUID.randomUUID();
        String revokedCode = "code-hash-" + UUID.randomUUID();
        UUID approved = UUID.randomUUID();
        UUID revoked = UUID.randomUUID();
        registry.started(approved, "ada", code, LATER);
        registry.started(revoked, "ada", revokedCode, LATER);
        assertThat(registry.byCode(code)).contains(approved);

        registry.approved(approved);
        registry.revoked(revoked);

        assertThat(registry.byCode(code)).isEmpty();
        assertThat(registry.byCode(revokedCode)).isEmpty();
        for (String spent : new String[] {code, revokedCode}) {
            assertThatThrownBy(() -> registry.started(UUID.randomUUID(), "bob", spent, LATER))
                    .isInstanceOf(PairingRegistry.CodeTaken.class);
        }
    }

    @Test
    void aCodeInUseIsNotGivenTwice() {
        String code = "code-hash-" + UUID.randomUUID();
        registry.started(UUID.randomUUID(), "ada", code, LATER);

        assertThatThrownBy(() -> registry.started(UUID.randomUUID(), "bob", code, LATER)).isInstanceOf(PairingRegistry.CodeTaken.class);
    }

    /** Open: approved and not revoked, or not yet expired; whatever the pairing's age, and only the user's own. */
    @Test
    void aUsersOpenPairingsAreThoseApprovedOrNotYetExpiredAndNotRevoked() {
        String user = "open-" + UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        UUID approvedThenExpired = UUID.randomUUID();
        UUID expired = UUID.randomUUID();
        UUID revoked = UUID.randomUUID();
        registry.started(pending, user, "code-hash-" + UUID.randomUUID(), LATER);
        registry.started(approvedThenExpired, user, "code-hash-" + UUID.randomUUID(), NOW.minusSeconds(1));
        registry.started(expired, user, "code-hash-" + UUID.randomUUID(), NOW);
        registry.started(revoked, user, "code-hash-" + UUID.randomUUID(), LATER);
        registry.started(UUID.randomUUID(), "someone-else", "code-hash-" + UUID.randomUUID(), LATER);

        UUID approvedBeforeV8 = UUID.randomUUID(); // an approval cleared the code then, and set no code_spent
        registry.started(approvedBeforeV8, user, "code-hash-" + UUID.randomUUID(), NOW.minusSeconds(1));
        registry.tokenIssued(approvedBeforeV8, "token-" + UUID.randomUUID());

        registry.approved(approvedThenExpired);
        registry.revoked(revoked);

        assertThat(registry.open(user, NOW)).isEqualTo(3);
        assertThat(registry.open(user, LATER)).as("the pending one expired too").isEqualTo(2);
    }
}
