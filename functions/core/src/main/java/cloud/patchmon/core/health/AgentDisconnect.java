package cloud.patchmon.core.health;

import java.time.Instant;

/** When a host's agent connection last dropped without a newer one taking over: the start of its grace period. */
public record AgentDisconnect(String hostId, Instant at) {
}
