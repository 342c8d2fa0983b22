package cloud.patchmon.agent.channel;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Carries out one type of server command. */
@FunctionalInterface
public interface CommandHandler {

    /**
     * What a finished command leaves to do.
     *
     * @param afterAck runs once the final acknowledgement has been sent (a restart must not beat its ack)
     */
    record Done(Runnable afterAck) {
        public static final Done NOTHING_MORE = new Done(() -> { });
    }

    /**
     * Does what {@code message} asks. Throwing, or completing the stage exceptionally, fails the command with
     * the exception's message.
     */
    CompletionStage<Done> handle(JsonNode message) throws Exception;

    static CompletionStage<Done> done() {
        return CompletableFuture.completedFuture(Done.NOTHING_MORE);
    }
}
