package cloud.patchmon.core.auth;

import java.time.Duration;

/**
 * Server-wide sign-in settings (PatchMon's JWT_EXPIRES_IN, JWT_REFRESH_EXPIRES_IN,
 * MAX_LOGIN_ATTEMPTS, LOCKOUT_DURATION_MINUTES and auth rate limit).
 *
 * @param accessTokenTtl   lifetime of a JWT access token
 * @param sessionTtl       lifetime of a session (its refresh token)
 * @param maxLoginAttempts consecutive wrong passwords before the account locks
 * @param lockoutDuration  how long a locked account stays locked
 * @param bcryptCost       bcrypt work factor of password hashes
 * @param authRequestsPerWindow sign-in and sign-up attempts allowed per client IP per window
 * @param authWindow       the rate-limit window
 */
public record AuthSettings(Duration accessTokenTtl, Duration sessionTtl, int maxLoginAttempts,
                           Duration lockoutDuration, int bcryptCost, int authRequestsPerWindow, Duration authWindow) {

    public static AuthSettings defaults() {
        return new AuthSettings(Duration.ofMinutes(15), Duration.ofDays(7), 5, Duration.ofMinutes(15), 10, 100, Duration.ofMinutes(15));
    }
}
