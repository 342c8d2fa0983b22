package cloud.patchmon.local.workflows;

import cloud.patchmon.local.workflows.ExecutionRecord.Phase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A Task's error handling: Retry first (the first retrier whose ErrorEquals matches decides), then Catch, else the execution fails. */
final class RetryCatch {

    private final StateIo io;
    private final Outcomes outcomes;
    private final ExecutionJson json;

    RetryCatch(StateIo io, Outcomes outcomes, ExecutionJson json) {
        this.io = io;
        this.outcomes = outcomes;
        this.json = json;
    }

    ExecutionRecord.Builder taskFailed(ExecutionRecord record, JsonNode state, StatesError error, Instant now) {
        if (StatesError.RUNTIME.equals(error.error())) {
            return outcomes.failed(record, now, error);
        }
        JsonNode retriers = state.path("Retry");
        for (int i = 0; i < retriers.size(); i++) {
            JsonNode retrier = retriers.get(i);
            if (!matchesAny(retrier.path("ErrorEquals"), error)) {
                continue;
            }
            int attempts = record.retries().getOrDefault(Integer.toString(i), 0);
            if (attempts >= retrier.path("MaxAttempts").asInt(3)) {
                break;
            }
            double interval = retrier.path("IntervalSeconds").asDouble(1);
            double delay = interval * Math.pow(retrier.path("BackoffRate").asDouble(2.0), attempts);
            if (retrier.has("MaxDelaySeconds")) {
                delay = Math.min(delay, retrier.get("MaxDelaySeconds").asDouble());
            }
            ExecutionRecord.Builder retry = record.toBuilder().clearPhase();
            Map<String, Integer> counts = new HashMap<>(record.retries());
            counts.put(Integer.toString(i), attempts + 1);
            retry.retries = counts;
            retry.retryCount = record.retryCount() + 1;
            retry.phase = Phase.RETRY_BACKOFF;
            retry.dueAt = now.plusMillis((long) (delay * 1000));
            return retry;
        }
        for (JsonNode catcher : state.path("Catch")) {
            if (matchesAny(catcher.path("ErrorEquals"), error)) {
                ObjectNode errorOutput = JsonNodeFactory.instance.objectNode();
                errorOutput.put("Error", error.error());
                errorOutput.put("Cause", error.errorCause());
                try {
                    JsonNode raw = json.parse(record.stateInput(), "state input");
                    return outcomes.transition(record, catcher.get("Next").asText(), io.resultPath(catcher, raw, errorOutput), now);
                } catch (StatesError e) {
                    return outcomes.failed(record, now, e);
                }
            }
        }
        return outcomes.failed(record, now, error);
    }

    private static boolean matchesAny(JsonNode names, StatesError error) {
        for (JsonNode name : names) {
            if (error.matches(name.asText())) {
                return true;
            }
        }
        return false;
    }
}
