package cloud.patchmon.agent.channel;

/** Sends a text message to the server over whichever connection is open now. */
@FunctionalInterface
public interface Outbox {

    /** @return whether the message went out (no connection, or a failed send, answers {@code false}) */
    boolean send(String text);
}
