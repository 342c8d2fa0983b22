package cloud.patchmon.core.tfa;

import java.time.Instant;

/** A browser that may skip the 2FA prompt until {@code expiresAt} ("remember me"). */
public record TrustedDevice(String id, String userId, String tokenHash, String label, String userAgent, String ipAddress,
                            Instant createdAt, Instant lastUsedAt, Instant expiresAt) {
}
