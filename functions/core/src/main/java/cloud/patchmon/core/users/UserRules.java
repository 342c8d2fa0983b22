package cloud.patchmon.core.users;

import cloud.patchmon.core.auth.PasswordPolicy;
import cloud.patchmon.core.errors.DomainException.FieldViolation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Field rules of a user account, shared by sign-up, self-registration and user management. */
public final class UserRules {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,50}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@#]{1,64}@[^\\s@#]+\\.[^\\s@#]{2,}");

    private UserRules() {
    }

    /** A new account's fields, as sign-up, self-registration and user management receive them. */
    public record NewAccount(String username, String email, String password, String firstName, String lastName) {

        /** The account as stored: trimmed names, blank optional names absent, never locked, no 2FA yet. */
        public User toUser(String id, String passwordHash, String role, Instant now) {
            return new User(id, username.trim(), email.trim(), blankToNull(firstName), blankToNull(lastName), passwordHash, role,
                    true, now, now, null, 0, null, false, null);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    /** Every field rule of a new account, the password judged by the tenant's policy. */
    public static List<FieldViolation> checkNewAccount(NewAccount account, PasswordPolicy policy) {
        List<FieldViolation> problems = new ArrayList<>();
        checkUsername(account.username(), problems);
        checkEmail(account.email(), problems);
        checkName(account.firstName(), "first_name", problems);
        checkName(account.lastName(), "last_name", problems);
        policy.violations(account.password()).forEach(msg -> problems.add(new FieldViolation(msg, "password", "body")));
        return problems;
    }

    public static void checkUsername(String username, List<FieldViolation> out) {
        if (username == null || username.isBlank()) {
            out.add(new FieldViolation("Username is required", "username", "body"));
        } else if (username.trim().length() < 3) {
            out.add(new FieldViolation("Username must be at least 3 characters", "username", "body"));
        } else if (!USERNAME.matcher(username.trim()).matches()) {
            out.add(new FieldViolation("Username may contain only letters, numbers, dots, hyphens and underscores (max 50)", "username", "body"));
        }
    }

    public static void checkEmail(String email, List<FieldViolation> out) {
        if (email == null || email.isBlank()) {
            out.add(new FieldViolation("Email is required", "email", "body"));
        } else if (email.length() > 254 || !EMAIL.matcher(email.trim()).matches()) {
            out.add(new FieldViolation("Valid email is required", "email", "body"));
        }
    }

    public static void checkName(String value, String param, List<FieldViolation> out) {
        if (value != null && value.length() > 100) {
            out.add(new FieldViolation("Must be at most 100 characters", param, "body"));
        }
    }
}
