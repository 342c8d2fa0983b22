package cloud.patchmon.core.secrets;

import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AesGcmSecretBoxTest {

    private final AesGcmSecretBox box = new AesGcmSecretBox(new byte[32]);
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "t");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "t");

    @Test
    void sealsAndOpensWithinTheTenant() {
        String sealed = box.seal(acme, "JBSWY3DPEHPK3PXP");

        assertThat(sealed).startsWith("v1:").doesNotContain("JBSWY3DPEHPK3PXP");
        assertThat(box.open(acme, sealed)).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(box.seal(acme, "JBSWY3DPEHPK3PXP")).as("fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void anotherTenantOrAnotherKeyCannotOpenIt() {
        String sealed = box.seal(acme, "secret");
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;

        assertThatThrownBy(() -> box.open(rival, sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new AesGcmSecretBox(otherKey).open(acme, sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tamperingIsDetected() {
        byte[] bytes = Base64.getDecoder().decode(box.seal(acme, "secret").substring(3));
        bytes[bytes.length - 1] ^= 1;

        assertThatThrownBy(() -> box.open(acme, "v1:" + Base64.getEncoder().encodeToString(bytes))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open(acme, "plain")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theKeyMustBe32Bytes() {
        assertThatThrownBy(() -> AesGcmSecretBox.fromBase64(Base64.getEncoder().encodeToString(new byte[16]))).hasMessageContaining("PATCHMON_DATA_KEY");
        assertThatThrownBy(() -> AesGcmSecretBox.fromBase64("not base64!")).hasMessageContaining("PATCHMON_DATA_KEY");
    }
}
