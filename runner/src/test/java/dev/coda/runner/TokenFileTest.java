package dev.coda.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @TempDir
    Path home;

    @Test
    void theTokenIsStoredForItsOwnerOnlyAndReadBack() throws Exception {
        TokenFile file = new TokenFile(home.resolve(".coda-runner").resolve("token"));

        file.write("runner-token");
        file.write("newer-token");

        assertThat(file.read()).isEqualTo("newer-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent()))).isEqualTo("rwx------");
        try (var left = Files.list(file.path().getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file.path());
        }
    }

    @Test
    void aTokenFileOthersMayReadIsRefused() throws Exception {
        TokenFile file = new TokenFile(home.resolve("token"));
        file.write("runner-token");
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(file::read).hasMessageContaining("open to others (rw-r--r--)").hasMessageNotContaining("runner-token");
    }
}
