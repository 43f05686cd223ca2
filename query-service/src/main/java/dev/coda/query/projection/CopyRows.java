package dev.coda.query.projection;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * Rows in the text format of PostgreSQL's {@code COPY}: a line per row, columns separated by tabs, {@code \N}
 * for null, and backslash, tab, newline and carriage return escaped. A timestamp is written with its
 * microseconds, PostgreSQL's precision.
 */
public final class CopyRows {

    private final StringBuilder text = new StringBuilder();
    private int rows;

    /** Adds a row; its values in the target's column order. */
    public CopyRows row(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            append(values[i]);
        }
        text.append('\n');
        rows++;
        return this;
    }

    int size() {
        return rows;
    }

    byte[] utf8() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void append(Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof LocalDateTime timestamp) {
            appendTimestamp(timestamp);
        } else {
            appendEscaped(value.toString());
        }
    }

    private void appendEscaped(String string) {
        int plain = 0;
        while (plain < string.length() && !special(string.charAt(plain))) {
            plain++;
        }
        text.append(string, 0, plain); // most values have nothing to escape: appended at once
        for (int i = plain; i < string.length(); i++) {
            char c = string.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }

    private static boolean special(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    /** {@code 2026-11-26 07:00:00.123456}; a year beyond 9999 keeps its digits, as PostgreSQL reads it. */
    private void appendTimestamp(LocalDateTime timestamp) {
        pad(timestamp.getYear(), 4).append('-');
        pad(timestamp.getMonthValue(), 2).append('-');
        pad(timestamp.getDayOfMonth(), 2).append(' ');
        pad(timestamp.getHour(), 2).append(':');
        pad(timestamp.getMinute(), 2).append(':');
        pad(timestamp.getSecond(), 2).append('.');
        pad(timestamp.getNano() / 1_000, 6);
    }

    private StringBuilder pad(int value, int digits) {
        for (int limit = 10, i = 1; i < digits; i++, limit *= 10) {
            if (value < limit) {
                text.append('0');
            }
        }
        return text.append(value);
    }
}
