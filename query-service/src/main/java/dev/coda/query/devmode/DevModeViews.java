package dev.coda.query.devmode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the read side shows of pairings, jobs and logs. Pairing codes and JTIs are never shown. */
final class DevModeViews {

    private DevModeViews() {
    }

    record PairingView(UUID id, Instant approvedAt, Instant expiresAt, String runnerType, String runnerVersion,
                       String hostname, Instant createdAt) {
    }

    record JobView(UUID id, UUID ideaId, String command, String cwd, String status, Instant startedAt,
                   Instant completedAt, Integer exitCode, Instant createdAt, Instant updatedAt) {
    }

    record LogLineView(UUID id, String level, String message, Instant timestamp, Instant createdAt) {
    }

    /**
     * A page of log lines in time order. {@code nextCursor} continues after its last line (null for an empty
     * page): a page shorter than the limit was the end of the log so far.
     */
    record LogPage(List<LogLineView> items, String nextCursor) {
    }
}
