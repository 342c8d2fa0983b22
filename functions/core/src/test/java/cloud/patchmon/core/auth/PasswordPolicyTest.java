package cloud.patchmon.core.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

    private final PasswordPolicy defaults = PasswordPolicy.defaults();

    @Test
    void aStrongPasswordPasses() {
        assertThat(defaults.violations("Correct-Horse-9")).isEmpty();
    }

    @Test
    void namesEveryRuleAWeakPasswordBreaks() {
        assertThat(defaults.violations("short")).containsExactly(
                "Password must be at least 8 characters long",
                "Password must contain at least one uppercase letter",
                "Password must contain at least one number",
                "Password must contain at least one special character");
        assertThat(defaults.violations("ALLUPPER123!")).containsExactly("Password must contain at least one lowercase letter");
        assertThat(defaults.violations(null)).containsExactly("Password must be at least 8 characters long");
    }

    @Test
    void refusesPasswordsBcryptWouldTruncate() {
        assertThat(defaults.violations("Aa1!" + "x".repeat(69))).contains("Password must be at most 72 bytes long");
    }

    @Test
    void aRelaxedPolicyChecksOnlyWhatItRequires() {
        PasswordPolicy lengthOnly = new PasswordPolicy(12, false, false, false, false);

        assertThat(lengthOnly.violations("alllowercaseletters")).isEmpty();
        assertThat(lengthOnly.violations("tooShort")).containsExactly("Password must be at least 12 characters long");
    }

    @Test
    void theMinimumLengthCannotBeConfiguredBelowEight() {
        assertThatThrownBy(() -> new PasswordPolicy(6, true, true, true, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
