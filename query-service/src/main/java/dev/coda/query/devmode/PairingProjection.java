package dev.coda.query.devmode;

import static dev.coda.query.projection.ReadModel.utc;

import dev.coda.contracts.devmode.PairingEvent.PairingApproved;
import dev.coda.contracts.devmode.PairingEvent.PairingClaimed;
import dev.coda.contracts.devmode.PairingEvent.PairingRevoked;
import dev.coda.contracts.devmode.PairingEvent.PairingStarted;
import dev.coda.query.projection.ReadModel;
import dev.coda.query.projection.ReadModelWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Projects pairing events into {@code dev_pairings}. Its {@code pairing_code} and {@code pairing_jti} hold
 * the SHA-256 hashes the events carry, never the secrets. A revoked pairing's row is deleted.
 */
@Component
@ProcessingGroup(ReadModel.PROCESSOR)
class PairingProjection {

    private final ReadModelWrites writes;

    PairingProjection(ReadModelWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(PairingStarted event) {
        writes.sql("""
                        INSERT INTO dev_pairings (id, user_id, pairing_code, pairing_jti, expires_at, created_at)
                        VALUES (:id, :userId, :code, :jti, :expiresAt, :at)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", event.pairingId())
                .param("userId", event.userId())
                .param("code", event.pairingCodeHash())
                .param("jti", event.pairingJtiHash())
                .param("expiresAt", utc(event.expiresAt()))
                .param("at", utc(event.at()))
                .run();
    }

    @EventHandler
    void on(PairingClaimed event) {
        writes.sql("""
                        UPDATE dev_pairings SET pairing_jti = :jti, runner_type = :type, runner_version = :version,
                               hostname = :hostname
                        WHERE id = :id""")
                .param("id", event.pairingId())
                .param("jti", event.pairingJtiHash())
                .param("type", event.runnerType())
                .param("version", event.runnerVersion())
                .param("hostname", event.hostname())
                .run();
    }

    @EventHandler
    void on(PairingApproved event) {
        writes.sql("UPDATE dev_pairings SET approved_at = :at WHERE id = :id")
                .param("id", event.pairingId())
                .param("at", utc(event.at()))
                .run();
    }

    @EventHandler
    void on(PairingRevoked event) {
        writes.sql("DELETE FROM dev_pairings WHERE id = :id").param("id", event.pairingId()).run();
    }
}
