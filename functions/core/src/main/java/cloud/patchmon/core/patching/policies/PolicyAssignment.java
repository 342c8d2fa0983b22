package cloud.patchmon.core.patching.policies;

import java.time.Instant;

/**
 * A policy applied to a host (direct) or a host group (indirect). {@code createdAt} orders group assignments when a
 * host's groups carry several policies: the oldest assignment wins.
 */
public record PolicyAssignment(String id, String policyId, String targetType, String targetId, Instant createdAt) {

    public static final String HOST = "host";
    public static final String HOST_GROUP = "host_group";
}
