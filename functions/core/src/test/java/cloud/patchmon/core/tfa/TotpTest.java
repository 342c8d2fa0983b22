package cloud.patchmon.core.tfa;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTest {

    private final Totp totp = new Totp();
    /** RFC 6238 appendix B's SHA-1 seed "12345678901234567890", base32. */
    private static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void matchesTheRfc6238TestVectors() {
        assertThat(totp.codeAt(RFC_SEED, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(totp.codeAt(RFC_SEED, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
        assertThat(totp.codeAt(RFC_SEED, Instant.ofEpochSecond(2000000000))).isEqualTo("279037");
    }

    @Test
    void acceptsOneStepOfDriftEitherSideAndNothingBeyond() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        String previous = totp.codeAt(RFC_SEED, now.minusSeconds(30));
        String next = totp.codeAt(RFC_SEED, now.plusSeconds(30));
        String stale = totp.codeAt(RFC_SEED, now.minusSeconds(90));

        assertThat(totp.verify(RFC_SEED, previous, now, 0)).isPresent();
        assertThat(totp.verify(RFC_SEED, next, now, 0)).isPresent();
        assertThat(totp.verify(RFC_SEED, stale, now, 0)).isEmpty();
    }

    @Test
    void neverAcceptsACodeAtOrBeforeTheLastUsedStep() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        String code = totp.codeAt(RFC_SEED, now);
        long step = totp.verify(RFC_SEED, code, now, 0).orElseThrow();

        assertThat(totp.verify(RFC_SEED, code, now, step)).isEmpty();
        assertThat(totp.verify(RFC_SEED, "12345", now, 0)).isEmpty();
        assertThat(totp.verify(RFC_SEED, null, now, 0)).isEmpty();
    }

    @Test
    void newSecretsAre160BitBase32AndTheUrlNamesIssuerAndAccount() {
        String secret = totp.newSecret();

        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(Totp.otpauthUrl("PatchMon Cloud", "ada", secret))
                .isEqualTo("otpauth://totp/PatchMon%20Cloud:ada?secret=" + secret + "&issuer=PatchMon%20Cloud&algorithm=SHA1&digits=6&period=30");
    }
}
