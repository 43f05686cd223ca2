package dev.coda.query.ideas;

import dev.coda.query.projection.InvalidParameter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a keyset page of ideas ends: the last idea's {@code (position, id)}, and its version when the page was read
 * ({@code updatedAt}), which tells whether the idea itself has moved since. Clients see it as an opaque string,
 * base64url of {@code "position:id:version"}; cursors handed out before the version was added carry none.
 */
record Cursor(int position, UUID id, Instant updatedAt) {

    /** Before the first idea: positions start at 0. */
    static final Cursor START = new Cursor(-1, new UUID(0, 0), null);

    /** The last version the read tables can hold: they stop at year 9999, as request instants do. */
    private static final long LAST_VERSION =
            ZonedDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC).toEpochSecond() * 1_000_000 + 999_999;

    static Cursor after(IdeaView idea) {
        return new Cursor(idea.position(), idea.id(), idea.updatedAt());
    }

    /** The cursor a client sent back, or {@link #START} when it sent none. */
    static Cursor parse(String cursor) {
        if (cursor == null) {
            return START;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
            if (parts.length >= 2) {
                long version = parts.length == 3 ? Long.parseLong(parts[2]) : 0;
                Cursor parsed = new Cursor(Integer.parseInt(parts[0]), UUID.fromString(parts[1]),
                        parts.length == 3 ? Instant.EPOCH.plus(version, ChronoUnit.MICROS) : null);
                // no idea is before the start, nor was any changed before 1970 or after the read tables' last year
                if (parsed.position >= START.position && version >= 0 && version <= LAST_VERSION) {
                    return parsed;
                }
            }
        } catch (IllegalArgumentException notOurs) {
            // answered below like any other string this API did not hand out
        }
        throw new InvalidParameter("cursor", "must be a nextCursor returned by this API");
    }

    String encode() {
        String version = updatedAt == null ? "" : ":" + ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((position + ":" + id + version).getBytes(StandardCharsets.UTF_8));
    }
}
