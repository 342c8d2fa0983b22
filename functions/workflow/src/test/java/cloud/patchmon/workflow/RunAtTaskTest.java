package cloud.patchmon.workflow;

import cloud.patchmon.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ComputeRunAt as chapter 10 states it: immediate, delayed N minutes, next HH:MM UTC. */
class RunAtTaskTest {

    private final ObjectMapper json = Json.newMapper();
    private final WorkflowTasks tasks = WorkflowTasks.standard(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

    private JsonNode runAt(String payload) throws Exception {
        return tasks.invoke(json.readTree("{\"task\": \"patch-run.run-at\", " + payload + "}"));
    }

    @Test
    void immediateRunsAtTheTrigger() throws Exception {
        assertThat(runAt("\"policy\": {\"patch_delay_type\": \"immediate\"}").get("run_at").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(runAt("\"policy\": {}").get("immediate").asBoolean()).isTrue();
    }

    @Test
    void delayedCountsFromTheTriggerTimeInThePayload() throws Exception {
        JsonNode out = runAt("\"triggered_at\": \"2026-12-01T08:15:30.123Z\", \"policy\": {\"patch_delay_type\": \"delayed\", \"delay_minutes\": 30}");
        assertThat(out.get("run_at").asText()).isEqualTo("2026-12-01T08:45:30Z");
        assertThat(out.get("immediate").asBoolean()).isFalse();
        assertThatThrownBy(() -> runAt("\"policy\": {\"patch_delay_type\": \"delayed\", \"delay_minutes\": 0}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedTimeIsTheNextOccurrenceInUtc() throws Exception {
        assertThat(runAt("\"policy\": {\"patch_delay_type\": \"fixed_time\", \"fixed_time_utc\": \"03:00\"}").get("run_at").asText())
                .isEqualTo("2026-12-02T03:00:00Z");
        assertThat(runAt("\"policy\": {\"patch_delay_type\": \"fixed_time\", \"fixed_time_utc\": \"22:30\"}").get("run_at").asText())
                .isEqualTo("2026-12-01T22:30:00Z");
        assertThat(runAt("\"policy\": {\"patch_delay_type\": \"fixed_time\", \"fixed_time_utc\": \"10:00\"}").get("immediate").asBoolean()).isTrue();
        assertThatThrownBy(() -> runAt("\"policy\": {\"patch_delay_type\": \"fixed_time\", \"fixed_time_utc\": \"3am\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runAt("\"policy\": {\"patch_delay_type\": \"weekly\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}
