package dev.coda.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The runner token on disk, readable and writable by its owner only (0600; a directory it creates for it is 0700).
 * Like ssh with a private key, the runner refuses a token file that others may read.
 */
record TokenFile(Path path) {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    void write(String token) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = Files.createTempFile(dir, ".token", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, token, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary); // left only when writing or moving it failed
        }
    }

    String read() throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalStateException("No runner token at " + path + "; run 'coda-runner pair --code ...' first");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new IllegalStateException("The runner token at " + path + " is open to others ("
                    + PosixFilePermissions.toString(permissions) + "); chmod 600 it, or pair again");
        }
        return Files.readString(path, StandardCharsets.UTF_8).trim();
    }
}
