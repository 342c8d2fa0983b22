package cloud.patchmon.core.secrets;

import cloud.patchmon.core.tenancy.TenantContext;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * AES-256-GCM with a random 96-bit nonce per secret and the tenant id as associated data.
 * Format: {@code v1:<base64(nonce || ciphertext || tag)>}.
 */
public final class AesGcmSecretBox implements SecretBox {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param key 32 bytes */
    public AesGcmSecretBox(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("the data key must be 32 bytes (PATCHMON_DATA_KEY, base64)");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    public static AesGcmSecretBox fromBase64(String key) {
        try {
            return new AesGcmSecretBox(key == null ? null : Base64.getDecoder().decode(key.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the data key must be 32 bytes, base64-encoded (PATCHMON_DATA_KEY)", e);
        }
    }

    @Override
    public String seal(TenantContext ctx, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ctx.tenantId().value().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public String open(TenantContext ctx, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(ctx.tenantId().value().getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("sealed secret cannot be opened here", e);
        }
    }
}
