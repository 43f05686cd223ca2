package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/**
 * The service's connections leave PostgreSQL's error detail out of exceptions: a unique violation's detail
 * quotes the row's values, and an exception's message and stack trace reach the logs.
 */
class DatabaseErrorDetailTest extends CommandServiceTest {

    @Test
    void aUniqueViolationNamesTheConstraintButNotTheRowsValues() {
        String emailHash = "hash-" + UUID.randomUUID();
        registerHash(emailHash);

        Throwable error = catchThrowable(() -> registerHash(emailHash));

        assertThat(error).isInstanceOf(DuplicateKeyException.class);
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).contains("user_registry_email_key").doesNotContain(emailHash);
    }

    private void registerHash(String emailHash) {
        jdbc.sql("INSERT INTO eventstore.user_registry (user_id, email_hash) VALUES (:user, :hash)")
                .param("user", UUID.randomUUID().toString())
                .param("hash", emailHash)
                .update();
    }
}
