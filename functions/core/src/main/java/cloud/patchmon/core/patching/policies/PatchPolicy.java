package cloud.patchmon.core.patching.policies;

import cloud.patchmon.core.patching.PolicySnapshot;

import java.time.Instant;

/**
 * A patch policy of a tenant (chapter 10, "The Policy Model"). Its schedule fields are validated as the
 * {@link PolicySnapshot} a run would copy, so a stored policy always makes a valid snapshot.
 */
public record PatchPolicy(String id, String name, String description, String patchDelayType, Integer delayMinutes,
                          String fixedTimeUtc, String timezone, Instant createdAt, Instant updatedAt) {

    /** What a run triggered under this policy keeps. */
    public PolicySnapshot snapshot() {
        return new PolicySnapshot(id, name, patchDelayType, delayMinutes, fixedTimeUtc, timezone);
    }
}
