package cloud.patchmon.agent.channel;

/** Takes each complete text message the server sends. Called on the WebSocket's thread: must return quickly. */
@FunctionalInterface
public interface Inbox {

    void received(String text, Outbox replies);
}
