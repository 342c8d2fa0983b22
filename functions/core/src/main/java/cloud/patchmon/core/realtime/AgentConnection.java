package cloud.patchmon.core.realtime;

import java.time.Instant;

/**
 * A host agent's live WebSocket connection, as {@code $connect} recorded it.
 *
 * @param secure   the agent dialled {@code wss://} (always so through API Gateway; the local stack also serves {@code ws://})
 * @param sourceIp the address API Gateway saw, for the operator's eyes only: it proves nothing
 */
public record AgentConnection(String hostId, String connectionId, Instant connectedAt, boolean secure, String sourceIp) {
}
