package cloud.patchmon.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code patch-run.run-at}: when a patch run fires under its policy snapshot (the spec's ComputeRunAt, ch. 10):
 * {@code immediate} at the trigger, {@code delayed} {@code delay_minutes} after it, {@code fixed_time} at the next
 * {@code fixed_time_utc} (HH:MM, UTC) not before it. The answer feeds the PatchRun definition's Wait state
 * ({@code TimestampPath}); a trigger time in the payload ({@code triggered_at}) makes a retried task answer the same.
 */
final class RunAtTask implements WorkflowTask {

    private final Clock clock;

    RunAtTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "patch-run.run-at";
    }

    @Override
    public JsonNode run(JsonNode payload) {
        Instant triggeredAt = payload.hasNonNull("triggered_at") ? instant(payload.get("triggered_at").asText()) : clock.instant();
        JsonNode policy = payload.path("policy");
        String type = policy.path("patch_delay_type").asText("immediate");
        Instant runAt = switch (type) {
            case "immediate" -> triggeredAt;
            case "delayed" -> triggeredAt.plus(Duration.ofMinutes(delayMinutes(policy)));
            case "fixed_time" -> nextFixedTime(triggeredAt, policy.path("fixed_time_utc").asText(""));
            default -> throw new IllegalArgumentException("unknown patch_delay_type " + type);
        };
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("run_at", runAt.truncatedTo(ChronoUnit.SECONDS).toString());
        out.put("immediate", !runAt.isAfter(triggeredAt));
        return out;
    }

    private static long delayMinutes(JsonNode policy) {
        JsonNode minutes = policy.get("delay_minutes");
        if (minutes == null || !minutes.canConvertToLong() || minutes.asLong() < 1) {
            throw new IllegalArgumentException("a delayed policy needs delay_minutes of at least 1");
        }
        return minutes.asLong();
    }

    private static Instant nextFixedTime(Instant after, String hhmm) {
        LocalTime time;
        try {
            time = LocalTime.parse(hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("fixed_time_utc must be HH:MM");
        }
        ZonedDateTime candidate = after.atZone(ZoneOffset.UTC).with(time);
        return candidate.toInstant().isBefore(after) ? candidate.plusDays(1).toInstant() : candidate.toInstant();
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("triggered_at must be an ISO-8601 instant");
        }
    }
}
