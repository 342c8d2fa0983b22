package cloud.patchmon.core.realtime;

import java.time.Instant;

/** Our agent's answer to a command carrying a {@code job_id} (the protocol's {@code command_ack} extension). */
public record CommandAck(String hostId, String jobId, String status, String error, Instant receivedAt) {
}
