package cloud.patchmon.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the local stack needs, generated once and kept under the data directory so tokens and
 * sessions survive a restart, as they do across Lambda containers in AWS.
 */
final class LocalSecrets {

    private LocalSecrets() {
    }

    static String jwtSecret(Path dataDir) throws IOException {
        return stored(dataDir.resolve("secrets").resolve("jwt-secret"), 48, Base64.getUrlEncoder().withoutPadding());
    }

    /** The AES-256 key sealing secrets at rest (the local stand-in for KMS). */
    static String dataKey(Path dataDir) throws IOException {
        return stored(dataDir.resolve("secrets").resolve("data-key"), 32, Base64.getEncoder());
    }

    private static String stored(Path file, int bytes, Base64.Encoder encoder) throws IOException {
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        Files.createDirectories(file.getParent());
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        String secret = encoder.encodeToString(random);
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions apply.
        }
        Files.writeString(temp, secret, StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }
}
