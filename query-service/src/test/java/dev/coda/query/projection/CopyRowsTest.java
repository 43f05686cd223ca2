package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyRowsTest {

    @Test
    void writesPostgresqlsCopyTextFormat() {
        UUID id = UUID.fromString("00000000-0000-0001-0000-000000000002");
        CopyRows rows = new CopyRows()
                .row(id, "plain", null, LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_000))
                .row(7, "tab\there\nnew line\r\\ back", "é", LocalDateTime.of(12026, 12, 31, 23, 59, 59, 999_999_999));

        assertThat(new String(rows.utf8(), StandardCharsets.UTF_8)).isEqualTo(
                "00000000-0000-0001-0000-000000000002\tplain\t\\N\t2026-01-02 03:04:05.000006\n"
                        + "7\ttab\\there\\nnew line\\r\\\\ back\té\t12026-12-31 23:59:59.999999\n");
    }
}
