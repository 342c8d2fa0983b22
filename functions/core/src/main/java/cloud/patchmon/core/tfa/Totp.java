package cloud.patchmon.core.tfa;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/** RFC 6238 codes as authenticator apps make them: SHA-1, 6 digits, 30-second steps. */
public final class Totp {

    private static final Duration STEP = Duration.ofSeconds(30);
    /** One step either side tolerates a phone clock that is up to ~30 seconds out. */
    private static final int DRIFT_STEPS = 1;

    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, 6);
    private final SecureRandom random = new SecureRandom();

    /** A new 160-bit secret, base32 without padding (the manual entry key). */
    public String newSecret() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return new Base32().encodeAsString(bytes).replace("=", "");
    }

    public static String otpauthUrl(String issuer, String account, String secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer) + "&algorithm=SHA1&digits=6&period=30";
    }

    public String codeAt(String secret, Instant instant) {
        try {
            return String.format(Locale.ROOT, "%06d", generator.generateOneTimePassword(key(secret), instant));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("unusable TOTP secret", e);
        }
    }

    /**
     * @param lastUsedStep the step of the last accepted code, so a code is never accepted twice
     * @return the step the code belongs to, when it is valid now and newer than {@code lastUsedStep}
     */
    public OptionalLong verify(String secret, String code, Instant now, long lastUsedStep) {
        if (code == null || !code.matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        long current = now.getEpochSecond() / STEP.toSeconds();
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            if (step > lastUsedStep && codeAt(secret, Instant.ofEpochSecond(step * STEP.toSeconds())).equals(code)) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    private static SecretKeySpec key(String secret) {
        return new SecretKeySpec(new Base32().decode(secret), "HmacSHA1");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
