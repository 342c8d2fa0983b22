package cloud.patchmon.core.patching.policies;

import java.time.Instant;

/** A host carved out of a policy it would otherwise inherit through one of its groups. */
public record PolicyExclusion(String policyId, String hostId, Instant createdAt) {
}
