package cloud.patchmon.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * No synth: the data key Secrets Manager generates (43 characters over [A-Za-z0-9+/], see
 * {@link PatchmonData}) is what the api reads with {@code Base64.getDecoder().decode(key.trim())}
 * as a 32-byte AES-256 key. Only compile-time constants of {@link PatchmonData} are used, so the
 * CDK (and jsii's Node process) is never loaded here.
 */
class PatchmonDataKeyFormatTest {

    private static final String BASE64_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    @Test
    void theGeneratorsCharacterSetIsTheBase64Alphabet() {
        StringBuilder remaining = new StringBuilder();
        for (char c = '!'; c <= '~'; c++) {
            if (PatchmonData.DATA_KEY_EXCLUDED_CHARACTERS.indexOf(c) < 0) {
                remaining.append(c);
            }
        }
        assertThat(remaining.chars().sorted().toArray())
                .isEqualTo(BASE64_ALPHABET.chars().sorted().toArray());
        assertThat(PatchmonData.DATA_KEY_LENGTH).isEqualTo(43);
    }

    @Test
    void randomUnpaddedKeysDecodeToExactly32BytesLikeTheApiReadsThem() {
        SecureRandom random = new SecureRandom();
        int nonCanonical = 0;
        for (int i = 0; i < 1_000; i++) {
            String key = randomKey(random);
            byte[] decoded = Base64.getDecoder().decode(key.trim());
            assertThat(decoded).as(key).hasSize(32);
            assertThat(Base64.getDecoder().decode(key + "=")).as("padding it yields the same key").isEqualTo(decoded);
            // The first 42 characters and the last one's top 4 bits are the key: 256 bits.
            String canonical = Base64.getEncoder().withoutPadding().encodeToString(decoded);
            assertThat(canonical.substring(0, 42)).isEqualTo(key.substring(0, 42));
            if (!canonical.equals(key)) {
                nonCanonical++;
            }
        }
        assertThat(nonCanonical).as("~3/4 end in a character with non-zero low bits; the decoder ignores them")
                .isPositive();
    }

    @Test
    void theDecoderDoesNotEnforceCanonicalTrailingBits() {
        // '/' = 63 = 0b111111: its two low bits are set, which a canonical encoding never has.
        assertThat(Base64.getDecoder().decode("/".repeat(43))).hasSize(32);
        assertThat(Base64.getDecoder().decode("A".repeat(42) + "D")).isEqualTo(new byte[32]);
    }

    private static String randomKey(SecureRandom random) {
        StringBuilder key = new StringBuilder(PatchmonData.DATA_KEY_LENGTH);
        for (int i = 0; i < PatchmonData.DATA_KEY_LENGTH; i++) {
            key.append(BASE64_ALPHABET.charAt(random.nextInt(BASE64_ALPHABET.length())));
        }
        return key.toString();
    }
}
