package cloud.patchmon.core.realtime;

/** One browser connection listening on one channel ({@code host:<id>} or {@code run:<id>}). */
public record UiSubscription(String connectionId, String channel) {
}
