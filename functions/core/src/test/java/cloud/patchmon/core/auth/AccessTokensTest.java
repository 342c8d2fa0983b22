package cloud.patchmon.core.auth;

import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final AccessTokens tokens = new AccessTokens(SECRET, clock, Duration.ofMinutes(15));
    private final TenantId tenant = new TenantId("acme");

    @Test
    void aTokenCarriesTenantUserAndSession() {
        AccessTokens.Issued issued = tokens.issue(tenant, "u1", "s1");

        assertThat(tokens.verify(issued.token())).contains(new AccessTokens.Claims(tenant, "u1", "s1", issued.expiresAt()));
        assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = tokens.issue(tenant, "u1", "s1").token();
        clock.advance(Duration.ofMinutes(15));

        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String forged = new AccessTokens("another-secret-another-secret-32b", clock, Duration.ofMinutes(15)).issue(tenant, "u1", "s1").token();

        assertThat(tokens.verify(forged)).isEmpty();
    }

    @Test
    void anEditedPayloadOrTheNoneAlgorithmIsRefused() {
        String[] parts = tokens.issue(tenant, "u1", "s1").token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"acme\"", "\"evil\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";

        assertThat(tokens.verify(tampered)).isEmpty();
        assertThat(tokens.verify(none)).isEmpty();
        assertThat(tokens.verify("garbage")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> new AccessTokens("short", clock, Duration.ofMinutes(1))).hasMessageContaining("PATCHMON_JWT_SECRET");
    }
}
