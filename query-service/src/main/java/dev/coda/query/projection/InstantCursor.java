package dev.coda.query.projection;

import dev.coda.contracts.UtcInstants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a keyset page of rows ordered by (instant, id) ends, opaque to clients: a page of log lines by their
 * timestamps, of the trash by the ideas' deletions.
 */
public record InstantCursor(Instant timestamp, UUID id) {

    public String encode() {
        String key = ChronoUnit.MICROS.between(Instant.EPOCH, timestamp) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor a client sent back in {@code parameter}, or null when it sent none; one no row could have (a
     * timestamp the database cannot hold) is refused.
     */
    public static InstantCursor decode(String cursor, String parameter) {
        if (cursor == null) {
            return null;
        }
        try {
            String[] key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            Instant timestamp = Instant.EPOCH.plus(Long.parseLong(key[0]), ChronoUnit.MICROS);
            if (timestamp.isBefore(UtcInstants.EARLIEST) || timestamp.isAfter(UtcInstants.LATEST)) {
                throw new IllegalArgumentException("no row has this timestamp");
            }
            return new InstantCursor(timestamp, UUID.fromString(key[1]));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new InvalidParameter(parameter, "must be a cursor returned by this API");
        }
    }
}
