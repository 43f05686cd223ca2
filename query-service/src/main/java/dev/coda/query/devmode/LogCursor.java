package dev.coda.query.devmode;

import dev.coda.contracts.UtcInstants;
import dev.coda.query.projection.InvalidParameter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/** Where a page of log lines ends: the last line's (timestamp, id), opaque to clients. */
record LogCursor(Instant timestamp, UUID id) {

    String encode() {
        String key = ChronoUnit.MICROS.between(Instant.EPOCH, timestamp) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back; one no line could have (a timestamp the database cannot hold) is refused. */
    static LogCursor decode(String cursor) {
        try {
            String[] key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            Instant timestamp = Instant.EPOCH.plus(Long.parseLong(key[0]), ChronoUnit.MICROS);
            if (timestamp.isBefore(UtcInstants.EARLIEST) || timestamp.isAfter(UtcInstants.LATEST)) {
                throw new IllegalArgumentException("no line has this timestamp");
            }
            return new LogCursor(timestamp, UUID.fromString(key[1]));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new InvalidParameter("after", "must be a cursor returned by this API");
        }
    }
}
