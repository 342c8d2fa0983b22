package cloud.patchmon.core.tfa;

import java.time.Instant;
import java.util.List;

/**
 * A user's second factor: the sealed TOTP secret (and one awaiting verification during setup),
 * bcrypt hashes of unused backup codes, the last accepted TOTP step, the failure window, and a
 * version for optimistic locking (so a backup code cannot be spent twice by racing requests).
 */
public record TfaState(String sealedSecret, String pendingSealedSecret, List<String> backupCodeHashes, long lastUsedStep,
                       int failedAttempts, Instant lockedUntil, long version) {

    public TfaState {
        backupCodeHashes = backupCodeHashes == null ? List.of() : List.copyOf(backupCodeHashes);
    }

    public static TfaState empty() {
        return new TfaState(null, null, List.of(), 0, 0, null, 0);
    }

    /** The next revision; stored only if nobody stored another since this one was read. */
    public TfaState next(String sealed, String pending, List<String> codes, long step, int failures, Instant locked) {
        return new TfaState(sealed, pending, codes, step, failures, locked, version + 1);
    }
}
