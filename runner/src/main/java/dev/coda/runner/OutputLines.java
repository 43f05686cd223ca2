package dev.coda.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A process's output as lines, ended as {@link java.io.BufferedReader#readLine()} ends them (a line feed, a
 * carriage return, or both) and also after every {@value LogBatcher#MAX_LINE_CHARS} characters: output without
 * line ends, a binary file say, arrives in pieces the server takes instead of filling the runner's memory.
 */
final class OutputLines {

    private final Consumer<String> consumer;
    private final StringBuilder line = new StringBuilder();
    private boolean afterCarriageReturn;
    /** The line so far was ended by its length: a line end right after it ends nothing more. */
    private boolean afterCut;

    private OutputLines(Consumer<String> consumer) {
        this.consumer = consumer;
    }

    /** Reads {@code output} to its end, handing each line to {@code consumer}. */
    static void read(InputStream output, Consumer<String> consumer) throws IOException {
        OutputLines lines = new OutputLines(consumer);
        Reader reader = new InputStreamReader(output, StandardCharsets.UTF_8);
        char[] buffer = new char[8192];
        for (int read = reader.read(buffer); read != -1; read = reader.read(buffer)) {
            for (int i = 0; i < read; i++) {
                lines.take(buffer[i]);
            }
        }
        if (!lines.line.isEmpty()) {
            lines.end(lines.line.length());
        }
    }

    private void take(char next) {
        boolean lineFeedOfCarriageReturn = afterCarriageReturn && next == '\n';
        afterCarriageReturn = next == '\r';
        if (next == '\r' || next == '\n') {
            if (!lineFeedOfCarriageReturn && !(afterCut && line.isEmpty())) {
                end(line.length());
            }
            afterCut = afterCut && lineFeedOfCarriageReturn;
            return;
        }
        afterCut = false;
        line.append(next);
        if (line.length() == LogBatcher.MAX_LINE_CHARS) {
            // never between the two halves of a surrogate pair: the high one starts the next piece
            end(Character.isHighSurrogate(next) ? line.length() - 1 : line.length());
            afterCut = line.isEmpty();
        }
    }

    private void end(int length) {
        consumer.accept(line.substring(0, length));
        line.delete(0, length);
    }
}
