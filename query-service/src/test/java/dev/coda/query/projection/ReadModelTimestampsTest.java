package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The read tables hold UTC; what the JVM's time zone is does not change what is read from them. */
class ReadModelTimestampsTest {

    @Test
    void aTimestampInAnHourSkippedForDaylightSavingTimeElsewhereIsReadAsItIs() throws Exception {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York")); // 2026-03-08 02:00-03:00 does not exist there
        try (TestDatabase database = TestInfrastructure.postgres().createDatabase("timestamps");
             Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT TIMESTAMP '2026-03-08 02:30:00.123456' AS at")) {
            row.next();

            assertThat(ReadModel.instant(row, "at")).isEqualTo(Instant.parse("2026-03-08T02:30:00.123456Z"));
        } finally {
            TimeZone.setDefault(zone);
        }
    }
}
