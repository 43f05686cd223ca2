package dev.coda.contracts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads instants written in UTC ({@code 2026-11-25T22:00:00.123456Z}) with plain arithmetic instead of
 * {@code DateTimeFormatter}, whose generic parse was the largest CPU cost of reading a batch of a thousand log
 * lines, both from a runner's request and from the event store. Any other text (an offset, no seconds, an
 * impossible date) goes to Jackson's own {@code InstantDeserializer}, which accepts or rejects it as before.
 */
public final class UtcInstants extends StdScalarDeserializer<Instant> {

    /** The first instant a request may carry: years 1 to 9999 are those ISO-8601 writes with four digits. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The last instant a request may carry; PostgreSQL stores microseconds, so this is the last it can tell apart. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final int[] SCALE = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private final Instant earliest;
    private final Instant latest;

    private UtcInstants(Instant earliest, Instant latest) {
        super(Instant.class);
        this.earliest = earliest;
        this.latest = latest;
    }

    /** A Jackson module that reads {@link Instant}s this way; register it after the {@code JavaTimeModule}. */
    public static Module module() {
        return new SimpleModule("utc-instants").addDeserializer(Instant.class, new UtcInstants(Instant.MIN, Instant.MAX));
    }

    /**
     * The same for requests, refusing an instant before {@link #EARLIEST} or after {@link #LATEST} as the
     * client's mistake ({@link OutOfRange}). Java takes years up to a billion and PostgreSQL up to 294276, so an
     * instant in between would be accepted and then fail every projection of its event.
     */
    public static Module requestModule() {
        return new SimpleModule("utc-instants").addDeserializer(Instant.class, new UtcInstants(EARLIEST, LATEST));
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        Instant instant = parser.hasToken(JsonToken.VALUE_STRING) ? parse(parser.getText()) : null;
        if (instant == null) {
            instant = InstantDeserializer.INSTANT.deserialize(parser, context);
        }
        if (instant != null && (instant.isBefore(earliest) || instant.isAfter(latest))) {
            throw new OutOfRange(parser, instant);
        }
        return instant;
    }

    /** An instant outside the years a request may name. */
    public static final class OutOfRange extends InvalidFormatException {

        OutOfRange(JsonParser parser, Instant instant) {
            super(parser, "must be between " + EARLIEST + " and " + LATEST, instant, Instant.class);
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} as an instant, or null for any other text. */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z' || (length > 20 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = length > 20 ? digits(text, 20, length - 1) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || fraction < 0) {
            return null;
        }
        try {
            long epochSecond = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
            return Instant.ofEpochSecond(epochSecond, length > 20 ? (long) fraction * SCALE[length - 22] : 0);
        } catch (DateTimeException impossible) {
            return null;
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character there is no digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
