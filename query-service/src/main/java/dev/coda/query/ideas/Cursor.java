package dev.coda.query.ideas;

import dev.coda.query.projection.InvalidParameter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a keyset page of ideas ends: the last idea's {@code (position, id)}. Clients see it as an opaque
 * string, base64url of {@code "position:id"}.
 */
record Cursor(int position, UUID id) {

    /** Before the first idea: positions start at 0. */
    static final Cursor START = new Cursor(-1, new UUID(0, 0));

    static Cursor after(IdeaView idea) {
        return new Cursor(idea.position(), idea.id());
    }

    /** The cursor a client sent back, or {@link #START} when it sent none. */
    static Cursor parse(String cursor) {
        if (cursor == null) {
            return START;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            if (parts.length == 2) {
                Cursor parsed = new Cursor(Integer.parseInt(parts[0]), UUID.fromString(parts[1]));
                if (parsed.position >= START.position) { // no idea is before the start: nor may the SQL's bound be
                    return parsed;
                }
            }
        } catch (IllegalArgumentException notOurs) {
            // answered below like any other string this API did not hand out
        }
        throw new InvalidParameter("cursor", "must be a nextCursor returned by this API");
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((position + ":" + id).getBytes(StandardCharsets.UTF_8));
    }
}
