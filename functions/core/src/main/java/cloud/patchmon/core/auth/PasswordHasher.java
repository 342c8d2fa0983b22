package cloud.patchmon.core.auth;

import org.springframework.security.crypto.bcrypt.BCrypt;

/** bcrypt hashing of verification secrets (passwords, backup codes, API keys). */
public final class PasswordHasher {

    private final int cost;
    /** Compared against when no account matches, so timing does not reveal which names exist. */
    private final String decoy;

    public PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be between 4 and 31");
        }
        this.cost = cost;
        this.decoy = BCrypt.hashpw("decoy-password", BCrypt.gensalt(cost));
    }

    public String hash(String secret) {
        return BCrypt.hashpw(secret, BCrypt.gensalt(cost));
    }

    public boolean matches(String secret, String hash) {
        if (secret == null || hash == null || hash.isEmpty()) {
            return false;
        }
        try {
            return BCrypt.checkpw(secret, hash);
        } catch (IllegalArgumentException malformedHash) {
            return false;
        }
    }

    /** Spends the same time as a real check, for unknown accounts. */
    public void burn(String secret) {
        matches(secret == null ? "" : secret, decoy);
    }
}
