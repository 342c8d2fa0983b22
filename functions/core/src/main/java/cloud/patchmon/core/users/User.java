package cloud.patchmon.core.users;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's account in a tenant. {@code passwordHash} is absent for accounts that sign in only
 * through an identity provider (OIDC, Discord).
 */
public record User(String id, String username, String email, String firstName, String lastName,
                   String passwordHash, String role, boolean active, Instant createdAt, Instant updatedAt,
                   Instant lastLoginAt, int failedLoginAttempts, Instant lockedUntil, boolean tfaEnabled,
                   String themePreference) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }

    public boolean hasPassword() {
        return passwordHash != null && !passwordHash.isEmpty();
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    public User withLogin(Instant now) {
        return new User(id, username, email, firstName, lastName, passwordHash, role, active, createdAt, updatedAt,
                now, 0, null, tfaEnabled, themePreference);
    }

    public User withRole(String newRole, Instant now) {
        return new User(id, username, email, firstName, lastName, passwordHash, newRole, active, createdAt, now,
                lastLoginAt, failedLoginAttempts, lockedUntil, tfaEnabled, themePreference);
    }

    public User withActive(boolean isActive, Instant now) {
        return new User(id, username, email, firstName, lastName, passwordHash, role, isActive, createdAt, now,
                lastLoginAt, failedLoginAttempts, lockedUntil, tfaEnabled, themePreference);
    }

    /** A new password also clears a lockout: the owner (or an admin) has proven control. */
    public User withPasswordHash(String hash, Instant now) {
        return new User(id, username, email, firstName, lastName, hash, role, active, createdAt, now,
                lastLoginAt, 0, null, tfaEnabled, themePreference);
    }

    public User withProfile(String newUsername, String newEmail, String newFirstName, String newLastName, String newTheme, Instant now) {
        return new User(id, newUsername, newEmail, newFirstName, newLastName, passwordHash, role, active, createdAt, now,
                lastLoginAt, failedLoginAttempts, lockedUntil, tfaEnabled, newTheme);
    }

    public User withTfaEnabled(boolean enabled, Instant now) {
        return new User(id, username, email, firstName, lastName, passwordHash, role, active, createdAt, now,
                lastLoginAt, failedLoginAttempts, lockedUntil, enabled, themePreference);
    }

    public User withFailedLogin(int attempts, Instant lockedUntilOrNull) {
        return new User(id, username, email, firstName, lastName, passwordHash, role, active, createdAt, updatedAt,
                lastLoginAt, attempts, lockedUntilOrNull, tfaEnabled, themePreference);
    }
}
