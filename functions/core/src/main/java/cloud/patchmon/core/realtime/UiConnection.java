package cloud.patchmon.core.realtime;

import java.time.Instant;

/** A signed-in browser's live connection to the {@code ui} WebSocket API, as its {@code $connect} recorded it. */
public record UiConnection(String connectionId, String userId, Instant connectedAt) {
}
