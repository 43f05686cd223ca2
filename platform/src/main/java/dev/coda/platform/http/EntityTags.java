package dev.coda.platform.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An idea's version as an HTTP entity tag: the instant of its last change in microseconds since the epoch,
 * quoted ({@code "1795633834085806"}). The query side sends it as {@code ETag}; commands take it back in
 * {@code If-Match}.
 */
public final class EntityTags {

    private EntityTags() {
    }

    public static String of(Instant version) {
        return "\"" + ChronoUnit.MICROS.between(Instant.EPOCH, version) + "\"";
    }

    /** The version an {@code If-Match} header asks for; null when absent or {@code *} (any version). */
    public static Instant parseIfMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Instant.EPOCH.plus(Long.parseLong(tag), ChronoUnit.MICROS);
        } catch (NumberFormatException e) {
            throw new InvalidEntityTag(header);
        }
    }

    /** An {@code If-Match} header that is not one of our entity tags. */
    public static class InvalidEntityTag extends RuntimeException {

        InvalidEntityTag(String header) {
            super("If-Match must be an ETag returned by this API, not " + header.length() + " characters of something else.");
        }
    }
}
