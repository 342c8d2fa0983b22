package cloud.patchmon.agent.channel;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The file the service manager starts (the launcher with the jar appended). Replaced by rename, never
 * rewritten in place: the running JVM keeps reading the old file's jar, and a crash mid-update leaves either
 * the old file or the new one. Exactly one backup is kept, as {@code <file>.bak}.
 */
public final class LauncherFile {

    private final Path file;

    public LauncherFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path path() {
        return file;
    }

    public Path backup() {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    public String sha256() throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Backs the current file up to {@link #backup()} (replacing the previous backup), then puts {@code content} in its place. */
    public void replace(byte[] content) throws IOException {
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        Path next = Files.createTempFile(dir, "." + name, ".new");
        Path backupNext = Files.createTempFile(dir, "." + name, ".bak.new");
        try {
            Files.write(next, content);
            try {
                Files.setPosixFilePermissions(next, Files.getPosixFilePermissions(file));
            } catch (UnsupportedOperationException e) {
                next.toFile().setExecutable(true);
            }
            Files.copy(file, backupNext, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            move(backupNext, backup());
            move(next, file);
        } finally {
            Files.deleteIfExists(next);
            Files.deleteIfExists(backupNext);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
