package dev.coda.runner;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * The runner token on disk, with the servers that issued it, readable and writable by its owner only (0600; a
 * directory it creates for it is 0700). Like ssh with a private key, the runner refuses a token file that others
 * may read. The token is sent to those servers only: a shell that names no server (or other ones) must not send it
 * to whatever listens on a default port of the machine, which any local user may open.
 */
record TokenFile(Path path) {

    /**
     * What pairing leaves: the runner token and the servers that issued it. A file written by runner 0.3.0 or before
     * holds a bare token: its servers are unknown (null).
     */
    record Paired(URI commandUrl, URI queryUrl, String token) {

        @Override
        public String toString() {
            return "Paired[commandUrl=" + commandUrl + ", queryUrl=" + queryUrl + "]"; // never the token
        }
    }

    private static final String COMMAND_URL = "command-url=";
    private static final String QUERY_URL = "query-url=";
    private static final String TOKEN = "token=";

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    void write(Paired paired) throws IOException {
        String content = COMMAND_URL + paired.commandUrl() + "\n" + QUERY_URL + paired.queryUrl() + "\n"
                + TOKEN + paired.token() + "\n";
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = Files.createTempFile(dir, ".token", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true); // on disk before it replaces the old file: a crash leaves one of the two, never an empty one
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary); // left only when writing or moving it failed
        }
    }

    Paired read() throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalStateException("No runner token at " + path + "; run 'coda-runner pair --code ...' first");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new IllegalStateException("The runner token at " + path + " is open to others ("
                    + PosixFilePermissions.toString(permissions) + "); chmod 600 it, or pair again");
        }
        URI commandUrl = null;
        URI queryUrl = null;
        String token = null;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            if (line.startsWith(COMMAND_URL)) {
                commandUrl = URI.create(line.substring(COMMAND_URL.length()).trim());
            } else if (line.startsWith(QUERY_URL)) {
                queryUrl = URI.create(line.substring(QUERY_URL.length()).trim());
            } else if (line.startsWith(TOKEN)) {
                token = line.substring(TOKEN.length()).trim();
            } else if (!line.isBlank() && token == null) {
                token = line.trim(); // a bare token, as runner 0.3.0 and before wrote it
            }
        }
        if (token == null) {
            throw new IllegalStateException("No runner token in " + path + "; run 'coda-runner pair --code ...' again");
        }
        return new Paired(commandUrl, queryUrl, token);
    }
}
