package dev.coda.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The runner token on disk, readable and writable by its owner only (0600, in a 0700 directory). */
record TokenFile(Path path) {

    void write(String token) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = Files.createTempFile(dir, ".token", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, token, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temporary, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    String read() throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalStateException("No runner token at " + path + "; run 'coda-runner pair --code ...' first");
        }
        return Files.readString(path, StandardCharsets.UTF_8).trim();
    }
}
