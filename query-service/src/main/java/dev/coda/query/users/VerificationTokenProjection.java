package dev.coda.query.users;

import static dev.coda.query.projection.ReadModel.utc;

import dev.coda.contracts.users.Emails;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenExpired;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenIssued;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenUsed;
import dev.coda.platform.secrets.DataKeys;
import dev.coda.query.projection.ReadModel;
import dev.coda.query.projection.ReadModelWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Projects verification tokens into {@code verification_tokens}. A used or swept token's key is destroyed, so a
 * rebuild skips it; its row is found by its id, the hash of identifier and token.
 */
@Component
@ProcessingGroup(ReadModel.PROCESSOR)
class VerificationTokenProjection {

    private final ReadModelWrites writes;
    private final DataKeys keys;

    VerificationTokenProjection(ReadModelWrites writes, DataKeys keys) {
        this.writes = writes;
        this.keys = keys;
    }

    @EventHandler
    void on(VerificationTokenIssued event) {
        keys.find(event.tokenId()).ifPresent(key -> {
            String identifier = key.open(event.identifier());
            writes.sql("""
                            INSERT INTO verification_tokens (identifier, token, expires, identifier_key)
                            VALUES (:identifier, :token, :expires, :identifierKey)
                            ON CONFLICT (identifier, token) DO NOTHING""")
                    .param("identifier", identifier)
                    .param("token", key.open(event.token()))
                    .param("expires", utc(event.expires()))
                    .param("identifierKey", Emails.key(identifier))
                    .run();
        });
    }

    @EventHandler
    void on(VerificationTokenUsed event) {
        forget(event.tokenId());
    }

    @EventHandler
    void on(VerificationTokenExpired event) {
        forget(event.tokenId());
    }

    private void forget(String tokenId) {
        writes.sql("DELETE FROM verification_tokens WHERE verification_token_id(identifier, token) = :tokenId")
                .param("tokenId", tokenId)
                .run();
    }
}
