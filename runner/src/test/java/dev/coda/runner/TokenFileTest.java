package dev.coda.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
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

        file.write(new TokenFile.Paired(URI.create("https://coda.example"), URI.create("https://q.coda.example"), "runner-token"));
        file.write(new TokenFile.Paired(URI.create("https://coda.example"), URI.create("https://q.coda.example"), "newer-token"));

        assertThat(file.read()).isEqualTo(
                new TokenFile.Paired(URI.create("https://coda.example"), URI.create("https://q.coda.example"), "newer-token"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent()))).isEqualTo("rwx------");
        try (var left = Files.list(file.path().getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file.path());
        }
    }

    @Test
    void aBareTokenAsOlderRunnersStoredItIsReadWithoutServers() throws Exception {
        TokenFile file = new TokenFile(home.resolve("token"));
        Files.writeString(file.path(), "runner-token\n");
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-------"));

        assertThat(file.read()).isEqualTo(new TokenFile.Paired(null, null, "runner-token"));
    }

    @Test
    void theTokenIsNeverPartOfWhatIsPrinted() {
        assertThat(new TokenFile.Paired(URI.create("https://coda.example"), null, "runner-token").toString())
                .doesNotContain("runner-token");
    }

    @Test
    void aTokenFileOthersMayReadIsRefused() throws Exception {
        TokenFile file = new TokenFile(home.resolve("token"));
        file.write(new TokenFile.Paired(URI.create("https://coda.example"), URI.create("https://coda.example"), "runner-token"));
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(file::read).hasMessageContaining("open to others (rw-r--r--)").hasMessageNotContaining("runner-token");
    }
}
