package cloud.patchmon.core.auth;

import java.time.Instant;

/**
 * A signed-in browser or API client. Access tokens name it; deleting it revokes them all.
 *
 * @param refreshHash SHA-256 of the current refresh secret (rotated on every refresh)
 */
public record Session(String id, String userId, String refreshHash, Instant createdAt, Instant expiresAt,
                      String ipAddress, String userAgent) {
}
