package cloud.patchmon.local.workflows;

import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.workflows.ExecutionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static cloud.patchmon.local.workflows.Fixtures.FUNCTION;
import static cloud.patchmon.local.workflows.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** An interpreter shut down mid-execution; a new one on the same store finishes the work. */
@ExtendWith(DynamoDbLocalExtension.class)
class DurableExecutionsTest {

    private final ManualTimers timers = new ManualTimers(Instant.parse("2026-12-01T10:00:00Z"));
    private final ItemStore store;

    DurableExecutionsTest(DynamoDbLocal dynamo) {
        this.store = Fixtures.store(dynamo, dynamo.newTable(), timers.clock());
    }

    private LocalWorkflows interpreter(ScriptedFunctions functions, String... fixtures) {
        return new LocalWorkflows(store, Fixtures.definitions(fixtures), functions, timers, Runnable::run, Fixtures.JSON);
    }

    @Test
    void aPendingWaitResumesAtItsTimeAfterARestart() {
        LocalWorkflows first = interpreter(new ScriptedFunctions(), "wait");
        String arn = first.start("wait", "durable", "{\"delay\": 5, \"run_at\": \"2026-12-01T10:01:00Z\"}").executionArn();
        timers.advance(Duration.ofSeconds(31));
        assertThat(first.statesEntered(arn)).containsExactly("Fixed", "FromInput");
        first.close();
        timers.advance(Duration.ofSeconds(10));
        assertThat(first.statesEntered(arn)).containsExactly("Fixed", "FromInput");

        LocalWorkflows second = interpreter(new ScriptedFunctions(), "wait");
        assertThat(second.resume()).isEqualTo(1);
        // FromInput's 5 seconds passed while nothing ran: it goes on at once, and UntilInput waits for 10:01
        assertThat(second.statesEntered(arn)).containsExactly("Fixed", "FromInput", "UntilInput");
        timers.advance(Duration.between(timers.now(), Instant.parse("2026-12-01T12:00:00Z")));

        assertThat(second.describe(arn).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(second.statesEntered(arn)).containsExactly("Fixed", "FromInput", "UntilInput", "UntilFixed", "Done");
        second.close();
        assertThat(interpreter(new ScriptedFunctions(), "wait").resume()).isZero();
    }

    @Test
    void aWaitingTaskTokenStaysValidAcrossARestart() {
        AtomicReference<String> token = new AtomicReference<>();
        ScriptedFunctions functions = new ScriptedFunctions().define(FUNCTION + "send", payload -> {
            token.set(payload.get("token").asText());
            return json("{}");
        });
        LocalWorkflows first = interpreter(functions, "token");
        String arn = first.start("token", "durable-token", "{\"host\": \"h1\"}").executionArn();
        first.close();

        LocalWorkflows second = interpreter(functions, "token");
        second.resume();
        assertThat(functions.calls(FUNCTION + "send")).hasSize(1);
        timers.advance(Duration.ofSeconds(30));
        assertThat(second.sendTaskHeartbeat(token.get())).isTrue();
        timers.advance(Duration.ofSeconds(59));
        assertThat(second.sendTaskSuccess(token.get(), "{\"status\": \"completed\"}")).isTrue();

        assertThat(second.describe(arn).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(second.describe(arn).orElseThrow().output().orElseThrow()).at("/reply/status").asText()).isEqualTo("completed");
        second.close();
    }

    @Test
    void anExecutionWhoseStateVanishedFromTheNewDefinitionFailsInsteadOfHanging() {
        String v1 = "{\"StartAt\": \"Old\", \"States\": {\"Old\": {\"Type\": \"Wait\", \"Seconds\": 60, \"End\": true}}}";
        String v2 = "{\"StartAt\": \"New\", \"States\": {\"New\": {\"Type\": \"Succeed\"}}}";
        LocalWorkflows first = new LocalWorkflows(store, java.util.Map.of("evolving", v1), new ScriptedFunctions(), timers, Runnable::run, Fixtures.JSON);
        String arn = first.start("evolving", "old-run", "{}").executionArn();
        first.close();

        LocalWorkflows second = new LocalWorkflows(store, java.util.Map.of("evolving", v2), new ScriptedFunctions(), timers, Runnable::run, Fixtures.JSON);
        second.resume();
        assertThat(second.describe(arn).orElseThrow().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(second.describe(arn).orElseThrow().error()).contains("States.Runtime");
        second.close();
    }
}
