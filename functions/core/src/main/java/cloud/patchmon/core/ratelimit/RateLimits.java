package cloud.patchmon.core.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A tenant's request limits, the ones that apply once a request's credential has named its
 * tenant. Defaults are PatchMon 2.1's (RATE_LIMIT_*, AGENT_RATE_LIMIT_*, and the password-change
 * limit of chapter 2).
 *
 * @param general        requests per client IP from the tenant's users, enrolment tokens and API keys
 * @param agent          requests per agent credential (one host's X-API-ID)
 * @param passwordChange password change attempts per user
 */
public record RateLimits(Limit general, Limit agent, Limit passwordChange) {

    public static final Limit GENERAL = Limit.of(5_000, Duration.ofMinutes(15));
    public static final Limit AGENT = Limit.of(1_000, Duration.ofMinutes(1));
    public static final Limit PASSWORD_CHANGE = Limit.of(5, Duration.ofMinutes(15));

    public RateLimits {
        Objects.requireNonNull(general, "general");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(passwordChange, "passwordChange");
    }

    public static RateLimits defaults() {
        return new RateLimits(GENERAL, AGENT, PASSWORD_CHANGE);
    }
}
