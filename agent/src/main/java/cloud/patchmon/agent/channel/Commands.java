package cloud.patchmon.agent.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads the server's commands (JSON text with {@code type}) and runs them one after another on a worker
 * thread, so a slow command never holds up the connection's pings. A command carrying {@code job_id}
 * (PatchMon Cloud's extension) is acknowledged with {@code command_ack}: {@code received} at once, then
 * {@code completed} or {@code failed}; upstream servers send no job_id and get no acks. Malformed messages
 * and unknown types are logged and otherwise ignored.
 */
public final class Commands implements Inbox, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Commands.class.getName());

    private final Map<String, CommandHandler> handlers;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "patchmon-commands");
        thread.setDaemon(true);
        return thread;
    });
    private final ObjectMapper json = new ObjectMapper();

    public Commands(Map<String, CommandHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    @Override
    public void received(String text, Outbox replies) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "ignored a message from the server that is not JSON");
            return;
        }
        if (message == null || !message.path("type").isTextual()) {
            LOG.log(System.Logger.Level.WARNING, "ignored a message from the server without a type");
            return;
        }
        String type = message.get("type").asText();
        JsonNode id = message.path("job_id");
        // Echoed as sent (string or number): the server matches the ack to its job record.
        JsonNode jobId = id.isTextual() || id.isNumber() ? id : null;
        CommandHandler handler = handlers.get(type);
        if (handler == null) {
            LOG.log(System.Logger.Level.WARNING, "ignored the server''s {0} command: this agent does not support it", type);
            ack(replies, jobId, "failed", "this agent does not support " + type);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "server command {0}{1}", type, jobId == null ? "" : " (job " + jobId.asText() + ")");
        ack(replies, jobId, "received", null);
        worker.execute(() -> run(type, handler, message, jobId, replies));
    }

    private void run(String type, CommandHandler handler, JsonNode message, JsonNode jobId, Outbox replies) {
        try {
            handler.handle(message).whenComplete((done, failure) -> {
                if (failure == null) {
                    LOG.log(System.Logger.Level.INFO, "{0} done", type);
                    ack(replies, jobId, "completed", null);
                    done.afterAck().run();
                } else {
                    fail(type, jobId, replies, failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(type, jobId, replies, e);
        } catch (Exception e) {
            fail(type, jobId, replies, e);
        }
    }

    private void fail(String type, JsonNode jobId, Outbox replies, Throwable failure) {
        String error = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        LOG.log(System.Logger.Level.WARNING, "{0} failed: {1}", type, error);
        ack(replies, jobId, "failed", error);
    }

    private void ack(Outbox replies, JsonNode jobId, String status, String error) {
        if (jobId == null) {
            return;
        }
        ObjectNode ack = json.createObjectNode().put("type", "command_ack");
        ack.set("job_id", jobId);
        ack.put("status", status);
        if (error != null) {
            ack.put("error", error);
        }
        replies.send(ack.toString());
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
