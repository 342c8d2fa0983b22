package cloud.patchmon.core.tfa;

/**
 * Chapter 25's settings, per tenant: MAX_TFA_ATTEMPTS, TFA_LOCKOUT_DURATION_MINUTES,
 * TFA_REMEMBER_ME_EXPIRES_IN (days) and TFA_MAX_REMEMBER_SESSIONS.
 */
public record TfaSettings(int maxAttempts, int lockoutMinutes, int rememberMeDays, int maxRememberSessions) {

    public TfaSettings {
        if (maxAttempts < 1 || maxAttempts > 20 || lockoutMinutes < 1 || lockoutMinutes > 1440
                || rememberMeDays < 1 || rememberMeDays > 365 || maxRememberSessions < 1 || maxRememberSessions > 50) {
            throw new IllegalArgumentException("2FA settings out of range");
        }
    }

    public static TfaSettings defaults() {
        return new TfaSettings(5, 30, 30, 5);
    }
}
