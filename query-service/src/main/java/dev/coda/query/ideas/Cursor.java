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
 * ({@code updatedAt}), which tells whether the idea itself has moved since; and, when the page was cut before an
 * idea, that next idea's id and version, which mark where the next page starts when the last idea is gone. Clients
 * see it as an opaque string, base64url of {@code "position:id:version[:nextId:nextVersion]"}; cursors handed out
 * before the version or the next idea were added carry none.
 */
record Cursor(int position, UUID id, Instant updatedAt, UUID nextId, Instant nextUpdatedAt) {

    /** Before the first idea: positions start at 0. */
    static final Cursor START = new Cursor(-1, new UUID(0, 0), null, null, null);

    /** The last version the read tables can hold: they stop at year 9999, as request instants do. */
    private static final long LAST_VERSION =
            ZonedDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC).toEpochSecond() * 1_000_000 + 999_999;

    /** Just after the idea at {@code position}, of that id and version. */
    static Cursor at(int position, UUID id, Instant updatedAt) {
        return new Cursor(position, id, updatedAt, null, null);
    }

    /** This cursor, of a page cut before the idea {@code nextId} (of version {@code nextUpdatedAt}); none when null. */
    Cursor before(UUID nextId, Instant nextUpdatedAt) {
        return new Cursor(position, id, updatedAt, nextId, nextId == null ? null : nextUpdatedAt);
    }

    /** The cursor a client sent back, or {@link #START} when it sent none. */
    static Cursor parse(String cursor) {
        if (cursor == null) {
            return START;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 5);
            if (parts.length == 2 || parts.length == 3 || parts.length == 5) {
                Instant version = parts.length >= 3 ? version(parts[2]) : null;
                Cursor parsed = parts.length == 5
                        ? new Cursor(Integer.parseInt(parts[0]), UUID.fromString(parts[1]), version, UUID.fromString(parts[3]),
                                version(parts[4]))
                        : new Cursor(Integer.parseInt(parts[0]), UUID.fromString(parts[1]), version, null, null);
                if (parsed.position >= START.position) { // no idea is before the start
                    return parsed;
                }
            }
        } catch (IllegalArgumentException notOurs) {
            // answered below like any other string this API did not hand out
        }
        throw new InvalidParameter("cursor", "must be a nextCursor returned by this API");
    }

    /** A version: microseconds since 1970, up to the read tables' last year; no idea was changed outside them. */
    private static Instant version(String micros) {
        long version = Long.parseLong(micros);
        if (version < 0 || version > LAST_VERSION) {
            throw new IllegalArgumentException("not a version");
        }
        return Instant.EPOCH.plus(version, ChronoUnit.MICROS);
    }

    String encode() {
        String version = updatedAt == null ? "" : ":" + micros(updatedAt);
        String next = nextId == null ? "" : ":" + nextId + ":" + micros(nextUpdatedAt);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((position + ":" + id + version + next).getBytes(StandardCharsets.UTF_8));
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
