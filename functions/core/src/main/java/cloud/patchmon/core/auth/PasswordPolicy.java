package cloud.patchmon.core.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * What a password must contain; enforced on every password set (sign-up, user creation, reset,
 * change). Configurable per tenant.
 */
public record PasswordPolicy(int minLength, boolean requireUppercase, boolean requireLowercase,
                             boolean requireNumber, boolean requireSpecial) {

    /** bcrypt reads at most 72 bytes; longer passwords would be silently truncated. */
    public static final int MAX_BYTES = 72;

    public PasswordPolicy {
        if (minLength < 8 || minLength > MAX_BYTES) {
            throw new IllegalArgumentException("minimum password length must be between 8 and " + MAX_BYTES);
        }
    }

    public static PasswordPolicy defaults() {
        return new PasswordPolicy(8, true, true, true, true);
    }

    /** @return every rule the password breaks, in the words shown to the user; empty when it passes */
    public List<String> violations(String password) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.length() < minLength) {
            problems.add("Password must be at least " + minLength + " characters long");
            if (password == null) {
                return problems;
            }
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            problems.add("Password must be at most " + MAX_BYTES + " bytes long");
        }
        if (requireUppercase && password.chars().noneMatch(Character::isUpperCase)) {
            problems.add("Password must contain at least one uppercase letter");
        }
        if (requireLowercase && password.chars().noneMatch(Character::isLowerCase)) {
            problems.add("Password must contain at least one lowercase letter");
        }
        if (requireNumber && password.chars().noneMatch(Character::isDigit)) {
            problems.add("Password must contain at least one number");
        }
        if (requireSpecial && password.chars().allMatch(Character::isLetterOrDigit)) {
            problems.add("Password must contain at least one special character");
        }
        return problems;
    }
}
