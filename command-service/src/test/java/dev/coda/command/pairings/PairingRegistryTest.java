package dev.coda.command.pairings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coda.command.CommandServiceTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A pairing code is given to one pairing only, ever: the read model keeps every pairing's code hash under a
 * unique key, so a spent code given again would stop its projection for every user.
 */
class PairingRegistryTest extends CommandServiceTest {

    @Autowired
    private PairingRegistry registry;

    @Test
    void aSpentCodeFindsNoPairingAndIsNeverGivenAgain() {
        String code = "code-hash-" + UUID.randomUUID();
        String revokedCode = "code-hash-" + UUID.randomUUID();
        UUID approved = UUID.randomUUID();
        UUID revoked = UUID.randomUUID();
        registry.started(approved, "ada", code);
        registry.started(revoked, "ada", revokedCode);
        assertThat(registry.byCode(code)).contains(approved);

        registry.approved(approved);
        registry.revoked(revoked);

        assertThat(registry.byCode(code)).isEmpty();
        assertThat(registry.byCode(revokedCode)).isEmpty();
        for (String spent : new String[] {code, revokedCode}) {
            assertThatThrownBy(() -> registry.started(UUID.randomUUID(), "bob", spent))
                    .isInstanceOf(PairingRegistry.CodeTaken.class);
        }
    }

    @Test
    void aCodeInUseIsNotGivenTwice() {
        String code = "code-hash-" + UUID.randomUUID();
        registry.started(UUID.randomUUID(), "ada", code);

        assertThatThrownBy(() -> registry.started(UUID.randomUUID(), "bob", code)).isInstanceOf(PairingRegistry.CodeTaken.class);
    }
}
