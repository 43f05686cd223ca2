package dev.coda.query.projection;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Rows in the text format of PostgreSQL's {@code COPY}: a line per row, columns separated by tabs, {@code \N}
 * for null, and backslash, tab, newline and carriage return escaped. A timestamp is written with its
 * microseconds, PostgreSQL's precision.
 */
public final class CopyRows {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private final StringBuilder text = new StringBuilder();

    /** Adds a row; its values in the target's column order. */
    public CopyRows row(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            append(values[i]);
        }
        text.append('\n');
        return this;
    }

    byte[] utf8() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void append(Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        String string = value instanceof LocalDateTime timestamp ? TIMESTAMP.format(timestamp) : value.toString();
        for (int i = 0; i < string.length(); i++) {
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
}
