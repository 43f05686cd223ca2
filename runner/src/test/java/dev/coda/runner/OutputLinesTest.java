package dev.coda.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLinesTest {

    @Test
    void linesEndAsReadLineEndsThem() throws IOException {
        assertThat(lines("first\nsecond\r\nthird\rprogress 50%\rprogress 100%\n\nlast without an end"))
                .containsExactly("first", "second", "third", "progress 50%", "progress 100%", "", "last without an end");
    }

    @Test
    void aLineLongerThanTheServerTakesArrivesInPieces() throws IOException {
        String text = "y".repeat(LogBatcher.MAX_LINE_CHARS * 2 + 5);

        assertThat(lines(text + "\nnext")).containsExactly("y".repeat(LogBatcher.MAX_LINE_CHARS),
                "y".repeat(LogBatcher.MAX_LINE_CHARS), "yyyyy", "next");
    }

    @Test
    void aLineExactlyAsLongAsTheServerTakesIsOneLine() throws IOException {
        String line = "w".repeat(LogBatcher.MAX_LINE_CHARS);

        assertThat(lines(line + "\n" + line + "\r\nnext")).containsExactly(line, line, "next");
    }

    @Test
    void aCarriageReturnAndItsLineFeedInTwoReadsEndOneLine() throws IOException {
        String first = "v".repeat(8191); // the \r is the last character of the first read, its \n the first of the next

        assertThat(lines(first + "\r\nsecond")).containsExactly(first, "second");
    }

    @Test
    void aPieceNeverEndsInTheMiddleOfACharacter() throws IOException {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 chars
        String text = "z".repeat(LogBatcher.MAX_LINE_CHARS - 1) + emoji;

        assertThat(lines(text)).containsExactly("z".repeat(LogBatcher.MAX_LINE_CHARS - 1), emoji);
    }

    private static List<String> lines(String output) throws IOException {
        List<String> lines = new ArrayList<>();
        OutputLines.read(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), lines::add);
        return lines;
    }
}
