package cloud.patchmon.core.secrets;

import cloud.patchmon.core.tenancy.TenantContext;

/**
 * Encrypts secrets the server must read back (TOTP seeds, SMTP passwords, webhook signing keys).
 * Ciphertext is bound to its tenant: it cannot be opened in another tenant's context.
 */
public interface SecretBox {

    String seal(TenantContext ctx, String plaintext);

    /** @throws IllegalStateException when the ciphertext was tampered with or belongs to another tenant */
    String open(TenantContext ctx, String sealed);
}
