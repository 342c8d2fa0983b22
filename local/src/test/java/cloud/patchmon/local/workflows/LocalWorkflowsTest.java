package cloud.patchmon.local.workflows;

import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.workflows.ExecutionAlreadyExistsException;
import cloud.patchmon.core.workflows.ExecutionDescription;
import cloud.patchmon.core.workflows.ExecutionDoesNotExistException;
import cloud.patchmon.core.workflows.ExecutionStatus;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static cloud.patchmon.local.workflows.Fixtures.FUNCTION;
import static cloud.patchmon.local.workflows.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each state type and the I/O processing, on small fixtures, with the store on DynamoDB Local and a hand-moved clock. */
@ExtendWith(DynamoDbLocalExtension.class)
class LocalWorkflowsTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private final DynamoDbLocal dynamo;
    private final ManualTimers timers = new ManualTimers(START);
    private StorageSettings table;
    private ItemStore store;
    private LocalWorkflows workflows;

    LocalWorkflowsTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        table = dynamo.newTable();
        store = Fixtures.store(dynamo, table, timers.clock());
    }

    @AfterEach
    void tearDown() {
        if (workflows != null) {
            workflows.close();
        }
    }

    private LocalWorkflows start(ScriptedFunctions functions, String... fixtures) {
        workflows = new LocalWorkflows(store, Fixtures.definitions(fixtures), functions, timers, Runnable::run, Fixtures.JSON);
        return workflows;
    }

    private ExecutionDescription describe(String arn) {
        return workflows.describe(arn).orElseThrow();
    }

    private JsonNode output(String arn) {
        return json(describe(arn).output().orElseThrow());
    }

    @Test
    void inputPathParametersResultSelectorResultPathAndOutputPath() {
        ScriptedFunctions functions = new ScriptedFunctions()
                .define(FUNCTION + "price", payload -> json("{\"amount\": " + payload.get("count").asInt() * 10 + ", \"noise\": 1}"))
                .define(FUNCTION + "echo", payload -> payload);
        start(functions, "io-processing");

        String arn = workflows.start("io-processing", "order-7", """
                {"order": {"id": "o-7", "customer": {"name": "Ada"}, "lines": [1, 2, 3]}, "other": 1}""").executionArn();

        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(functions.calls(FUNCTION + "price")).containsExactly(json("{\"id\": \"o-7\", \"count\": 3}"));
        assertThat(functions.calls(FUNCTION + "echo")).containsExactly(json("{\"total\": 30}"));
        assertThat(output(arn)).isEqualTo(json("""
                {"echoed": {"total": 30}, "status": 200, "constant": {"kept": "constant"}}"""));
        assertThat(workflows.statesEntered(arn)).containsExactly("Shape", "Price", "Wrap", "Constant", "Drop");
    }

    @Test
    void passParametersReadPathsTheContextObjectAndIntrinsics() {
        String shape = ((com.fasterxml.jackson.databind.node.ObjectNode) json(Fixtures.text("io-processing.asl.json")).at("/States/Shape").deepCopy())
                .put("End", true).without("Next").toString();
        workflows = new LocalWorkflows(store, java.util.Map.of("shape", "{\"StartAt\": \"Shape\", \"States\": {\"Shape\": " + shape + "}}"),
                new ScriptedFunctions(), timers, Runnable::run, Fixtures.JSON);

        String arn = workflows.start("shape", "order-9", """
                {"order": {"id": "o-9", "customer": {"name": "Cy"}, "lines": [4]}, "kept": true}""").executionArn();

        assertThat(output(arn)).isEqualTo(json("""
                {"order": {"id": "o-9", "customer": {"name": "Cy"}, "lines": [4]}, "kept": true,
                 "shaped": {"id": "o-9", "label": "order o-9 for Cy", "items": ["o-9", "x", 2], "count": 1,
                            "json": "{\\"name\\":\\"Cy\\"}", "parsed": {"a": [1, 2]}, "execution": "order-9",
                            "fixed": {"nested": "Cy", "literal": true}}}"""));
    }

    @Test
    void choiceRulesRouteByEveryKindOfComparison() {
        start(new ScriptedFunctions(), "choice");
        record Case(String input, String expected) {
        }
        List<Case> cases = List.of(
                new Case("{}", "no-kind"),
                new Case("{\"kind\": \"patch\", \"count\": 5, \"threshold\": 5, \"dry_run\": false}", "big-patch"),
                new Case("{\"kind\": \"patch\", \"count\": 5, \"threshold\": 6, \"dry_run\": false, \"run_at\": \"2025-06-01T00:00:00Z\"}", "out-of-window"),
                new Case("{\"kind\": \"patch\", \"count\": 5, \"threshold\": 1, \"dry_run\": true, \"run_at\": \"2027-01-01T00:00:00+01:00\", \"not_after\": \"2026-12-31T22:00:00Z\"}", "out-of-window"),
                new Case("{\"kind\": \"scan\", \"run_at\": \"2026-06-01T00:00:00Z\", \"not_after\": \"2027-01-01T00:00:00Z\", \"host\": \"web-01.prod\"}", "web-host"),
                new Case("{\"kind\": \"scan\", \"run_at\": \"not a time\", \"not_after\": \"2027-01-01T00:00:00Z\", \"host\": \"db-01.prod\", \"note\": \"n\", \"count\": 2}", "small"),
                new Case("{\"kind\": \"scan\", \"run_at\": \"2026-06-01T00:00:00Z\", \"not_after\": \"2027-01-01T00:00:00Z\", \"host\": 7, \"note\": null, \"count\": 2}", "late-alphabet"),
                new Case("{\"kind\": \"audit\", \"run_at\": \"2026-06-01T00:00:00Z\", \"not_after\": \"2027-01-01T00:00:00Z\", \"host\": \"x\", \"note\": \"n\", \"count\": \"2\"}", "other"));
        for (int i = 0; i < cases.size(); i++) {
            String arn = workflows.start("choice", "c" + i, cases.get(i).input()).executionArn();
            assertThat(output(arn).asText()).as(cases.get(i).input()).isEqualTo(cases.get(i).expected());
        }
    }

    @Test
    void aChoiceVariableThatSelectsNothingFailsTheExecutionWithStatesRuntime() {
        start(new ScriptedFunctions(), "choice");
        String arn = workflows.start("choice", "missing", "{\"kind\": \"patch\", \"threshold\": 1}").executionArn();
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(describe(arn).error()).contains("States.Runtime");
    }

    @Test
    void waitStatesSleepUntilTheirTimeOnTheClock() {
        start(new ScriptedFunctions(), "wait");
        String arn = workflows.start("wait", "w1", "{\"delay\": 20, \"run_at\": \"2026-12-01T11:00:00Z\"}").executionArn();

        timers.advance(Duration.ofSeconds(29));
        assertThat(workflows.statesEntered(arn)).containsExactly("Fixed");
        timers.advance(Duration.ofSeconds(1));
        assertThat(workflows.statesEntered(arn)).containsExactly("Fixed", "FromInput");
        timers.advance(Duration.ofSeconds(19));
        assertThat(workflows.statesEntered(arn)).containsExactly("Fixed", "FromInput");
        timers.advance(Duration.ofSeconds(1));
        assertThat(workflows.statesEntered(arn)).containsExactly("Fixed", "FromInput", "UntilInput");
        timers.advance(Duration.between(timers.now(), Instant.parse("2026-12-01T11:00:00Z")));
        assertThat(workflows.statesEntered(arn)).endsWith("UntilFixed");
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
        timers.advance(Duration.between(timers.now(), Instant.parse("2026-12-01T12:00:00Z")));

        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(arn)).isEqualTo(json("20"));
        assertThat(describe(arn).stopDate()).contains(Instant.parse("2026-12-01T12:00:00Z"));
    }

    @Test
    void aWaitUntilAPastTimestampGoesOnAtOnceAndABadOneFails() {
        start(new ScriptedFunctions(), "wait");
        String arn = workflows.start("wait", "bad", "{\"delay\": -1}").executionArn();
        timers.advance(Duration.ofSeconds(30));
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(describe(arn).error()).contains("States.Runtime");
    }

    @Test
    void retriesBackOffThenSucceed() {
        ScriptedFunctions functions = new ScriptedFunctions()
                .script(FUNCTION + "apply", List.of(new TaskFailedException("Transient", "busy"),
                        new TaskFailedException("Transient", "busy"), json("{\"changed\": 4}")))
                .define(FUNCTION + "report", payload -> json("{}"));
        start(functions, "retry-catch");
        String arn = workflows.start("retry-catch", "r1", "{\"host\": \"h1\"}").executionArn();

        assertThat(functions.calls(FUNCTION + "apply")).hasSize(1);
        timers.advance(Duration.ofMillis(1999));
        assertThat(functions.calls(FUNCTION + "apply")).hasSize(1);
        timers.advance(Duration.ofMillis(1));
        assertThat(functions.calls(FUNCTION + "apply")).hasSize(2);
        // IntervalSeconds 2 × BackoffRate 3 for the second retry
        timers.advance(Duration.ofMillis(5999));
        assertThat(functions.calls(FUNCTION + "apply")).hasSize(2);
        timers.advance(Duration.ofMillis(1));

        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(arn)).isEqualTo(json("{\"outcome\": \"changed\", \"count\": 4}"));
        assertThat(workflows.statesEntered(arn)).containsExactly("Apply", "Check", "Changed");
    }

    @Test
    void theMeterCountsEveryStateEnteredAsATransitionRetriesIncludedAndEveryTaskCall() {
        ScriptedFunctions functions = new ScriptedFunctions()
                .script(FUNCTION + "apply", List.of(new TaskFailedException("Transient", "busy"),
                        new TaskFailedException("Transient", "busy"), json("{\"changed\": 4}")))
                .define(FUNCTION + "report", payload -> json("{}"));
        start(functions, "retry-catch");
        WorkflowMeter.Reading before = workflows.meter().read();
        String arn = workflows.start("retry-catch", "m1", "{\"host\": \"h1\"}").executionArn();
        timers.advance(Duration.ofMinutes(1));

        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        WorkflowMeter.Reading used = workflows.meter().read().minus(before);
        // Step Functions bills each retry as a transition into the state again
        assertThat(used.transitions()).isEqualTo(workflows.statesEntered(arn).size() + 2);
        assertThat(used.taskInvocations()).isEqualTo(3 + functions.calls(FUNCTION + "report").size());
    }

    @Test
    void aTokenTaskIsOneInvocationAndItsAnswersAndHeartbeatsAreNoTransitions() {
        AtomicReference<String> token = new AtomicReference<>();
        ScriptedFunctions functions = new ScriptedFunctions().define(FUNCTION + "send", payload -> {
            token.set(payload.get("token").asText());
            return json("{}");
        });
        start(functions, "token");
        WorkflowMeter.Reading before = workflows.meter().read();
        String arn = workflows.start("token", "m2", "{\"host\": \"h1\"}").executionArn();
        assertThat(workflows.sendTaskHeartbeat(token.get())).isTrue();
        assertThat(workflows.sendTaskSuccess(token.get(), "{}")).isTrue();

        WorkflowMeter.Reading used = workflows.meter().read().minus(before);
        assertThat(workflows.statesEntered(arn)).containsExactly("AskAgent", "Done");
        assertThat(used).isEqualTo(new WorkflowMeter.Reading(2, 1));
    }

    @Test
    void exhaustedRetriesFallToCatchWithItsResultPath() {
        ScriptedFunctions functions = new ScriptedFunctions()
                .script(FUNCTION + "apply", List.of(new TaskFailedException("Transient", "still busy")))
                .define(FUNCTION + "report", payload -> json("{\"ignored\": true}"));
        start(functions, "retry-catch");
        String arn = workflows.start("retry-catch", "r2", "{\"host\": \"h1\"}").executionArn();
        timers.advance(Duration.ofMinutes(1));

        // two Transient retries; the TaskFailed retrier is not consulted once the first matching one is exhausted
        assertThat(functions.calls(FUNCTION + "apply")).hasSize(3);
        assertThat(functions.calls(FUNCTION + "report")).containsExactly(json("{\"error\": \"Transient\", \"cause\": \"still busy\"}"));
        ExecutionDescription description = describe(arn);
        assertThat(description.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(description.error()).contains("Run.Failed");
        assertThat(description.cause()).contains("apply failed");
        assertThat(workflows.statesEntered(arn)).containsExactly("Apply", "Report", "Failed");
    }

    @Test
    void aCatcherForOneErrorWinsOverTheWildcardAndFailStatesNameTheirError() {
        ScriptedFunctions functions = new ScriptedFunctions()
                .script(FUNCTION + "apply", List.of(new TaskFailedException("Rejected", "no")))
                .define(FUNCTION + "report", payload -> json("{}"));
        start(functions, "retry-catch");
        String arn = workflows.start("retry-catch", "r3", "{}").executionArn();
        timers.advance(Duration.ofSeconds(5));

        // Rejected is a task failure: the States.TaskFailed retrier runs it once more first
        assertThat(functions.calls(FUNCTION + "apply")).hasSize(2);
        assertThat(describe(arn).error()).contains("Run.Rejected");
        assertThat(workflows.statesEntered(arn)).containsExactly("Apply", "Rejected");
    }

    @Test
    void aTokenTaskWaitsForSendTaskSuccessAndATokenIsSingleUse() {
        AtomicReference<String> token = new AtomicReference<>();
        ScriptedFunctions functions = new ScriptedFunctions().define(FUNCTION + "send", payload -> {
            token.set(payload.get("token").asText());
            return json("{\"accepted\": true}");
        });
        start(functions, "token");
        String arn = workflows.start("token", "t1", "{\"host\": \"h1\"}").executionArn();

        JsonNode payload = functions.calls(FUNCTION + "send").get(0);
        assertThat(payload.get("host").asText()).isEqualTo("h1");
        assertThat(payload.get("execution").asText()).isEqualTo(arn);
        assertThat(payload.get("attempt").asInt()).isZero();
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.RUNNING);

        assertThat(workflows.sendTaskSuccess(token.get(), "{\"status\": \"completed\"}")).isTrue();
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(arn)).isEqualTo(json("{\"host\": \"h1\", \"reply\": {\"status\": \"completed\"}}"));
        assertThat(workflows.sendTaskSuccess(token.get(), "{}")).isFalse();
        assertThat(workflows.sendTaskHeartbeat(token.get())).isFalse();
        assertThat(workflows.sendTaskFailure("not-a-token", "x", "y")).isFalse();
    }

    @Test
    void heartbeatsKeepATokenTaskAliveUntilTheyStop() {
        AtomicReference<String> token = new AtomicReference<>();
        ScriptedFunctions functions = new ScriptedFunctions().define(FUNCTION + "send", payload -> {
            token.set(payload.get("token").asText());
            return json("{}");
        });
        start(functions, "token");
        String arn = workflows.start("token", "t2", "{\"host\": \"h1\"}").executionArn();

        for (int i = 0; i < 3; i++) {
            timers.advance(Duration.ofSeconds(50));
            assertThat(workflows.sendTaskHeartbeat(token.get())).isTrue();
        }
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
        timers.advance(Duration.ofSeconds(60));

        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(workflows.statesEntered(arn)).containsExactly("AskAgent", "TimedOut");
        assertThat(output(arn).at("/failure/Error").asText()).isEqualTo("States.HeartbeatTimeout");
        assertThat(workflows.sendTaskSuccess(token.get(), "{}")).isFalse();
    }

    @Test
    void aTokenTaskTimesOutAfterTimeoutSecondsEvenWithHeartbeats() {
        AtomicReference<String> token = new AtomicReference<>();
        ScriptedFunctions functions = new ScriptedFunctions().define(FUNCTION + "send", payload -> {
            token.set(payload.get("token").asText());
            return json("{}");
        });
        start(functions, "token");
        String arn = workflows.start("token", "t3", "{\"host\": \"h1\"}").executionArn();
        for (int i = 0; i < 6; i++) {
            timers.advance(Duration.ofSeconds(50));
            workflows.sendTaskHeartbeat(token.get());
        }
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(arn).at("/failure/Error").asText()).isEqualTo("States.Timeout");
        assertThat(describe(arn).stopDate()).contains(START.plusSeconds(300));
    }

    @Test
    void sendTaskFailureIsRetriedAndCaughtLikeAFunctionError() {
        List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScriptedFunctions functions = new ScriptedFunctions().define(FUNCTION + "send", payload -> {
            tokens.add(payload.get("token").asText());
            return json("{}");
        });
        start(functions, "token");
        String arn = workflows.start("token", "t4", "{\"host\": \"h1\"}").executionArn();

        assertThat(workflows.sendTaskFailure(tokens.get(0), "Agent.Busy", "another run")).isTrue();
        timers.advance(Duration.ofSeconds(5));
        assertThat(tokens).hasSize(2).doesNotHaveDuplicates();
        assertThat(functions.calls(FUNCTION + "send").get(1).get("attempt").asInt()).isEqualTo(1);
        assertThat(workflows.sendTaskFailure(tokens.get(0), "Agent.Failed", "stale token")).isFalse();
        assertThat(workflows.sendTaskFailure(tokens.get(1), "Agent.Failed", "apt-get exited 100")).isTrue();

        assertThat(workflows.statesEntered(arn)).containsExactly("AskAgent", "AgentFailed");
        assertThat(output(arn).get("failure")).isEqualTo(json("{\"Error\": \"Agent.Failed\", \"Cause\": \"apt-get exited 100\"}"));
    }

    @Test
    void aFunctionThatThrowsFailsItsTokenTask() {
        ScriptedFunctions functions = new ScriptedFunctions().script(FUNCTION + "send",
                List.of(new TaskFailedException("java.lang.IllegalStateException", "agent offline")));
        start(functions, "token");
        String arn = workflows.start("token", "t5", "{\"host\": \"h1\"}").executionArn();
        assertThat(workflows.statesEntered(arn)).containsExactly("AskAgent", "AgentFailed");
        assertThat(output(arn).at("/failure/Error").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void stopAbortsAndSpendsTheToken() {
        AtomicReference<String> token = new AtomicReference<>();
        ScriptedFunctions functions = new ScriptedFunctions().define(FUNCTION + "send", payload -> {
            token.set(payload.get("token").asText());
            return json("{}");
        });
        start(functions, "token");
        String arn = workflows.start("token", "t6", "{\"host\": \"h1\"}").executionArn();

        workflows.stop(arn, "PatchRun.Stopped", "stopped by ada");
        workflows.stop(arn, "again", "ignored");

        ExecutionDescription description = describe(arn);
        assertThat(description.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(description.error()).contains("PatchRun.Stopped");
        assertThat(workflows.sendTaskSuccess(token.get(), "{}")).isFalse();
        timers.advance(Duration.ofHours(1));
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThatThrownBy(() -> workflows.stop(arn + "-nope", null, null)).isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void startIsIdempotentForTheSameNameAndInputOnly() {
        start(new ScriptedFunctions(), "wait");
        String input = "{\"delay\": 1, \"run_at\": \"2026-12-01T10:00:00Z\"}";
        String arn = workflows.start("wait", "same", input).executionArn();

        assertThat(workflows.start("wait", "same", "{\"run_at\": \"2026-12-01T10:00:00Z\", \"delay\": 1}").executionArn()).isEqualTo(arn);
        assertThatThrownBy(() -> workflows.start("wait", "same", "{\"delay\": 2}")).isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThatThrownBy(() -> workflows.start("wait", "bad name", input)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> workflows.start("wait", "ok", "{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> workflows.start("nope", "ok", input)).isInstanceOf(IllegalArgumentException.class);
        assertThat(workflows.describe(arn.replace("same", "ok"))).isEmpty();

        timers.advance(Duration.ofHours(2));
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThatThrownBy(() -> workflows.start("wait", "same", input)).isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void theExecutionsTimeoutSecondsEndsIt() {
        start(new ScriptedFunctions(), "timeout");
        String arn = workflows.start("timeout", "slow", "{}").executionArn();
        timers.advance(Duration.ofSeconds(10));
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(describe(arn).error()).contains("States.Timeout");
    }

    @Test
    void definitionsAreCheckedWhenRegistered() {
        ScriptedFunctions none = new ScriptedFunctions();
        assertThatThrownBy(() -> new LocalWorkflows(store, java.util.Map.of("d", "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}"),
                none, timers, Runnable::run, Fixtures.JSON)).hasMessageContaining("unknown state B");
        assertThatThrownBy(() -> new LocalWorkflows(store, Fixtures.definitions("retry-catch"), none, timers, Runnable::run, Fixtures.JSON))
                .hasMessageContaining("no local function");
        assertThatThrownBy(() -> new LocalWorkflows(store, java.util.Map.of("d", "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Map\", \"End\": true}}}"),
                none, timers, Runnable::run, Fixtures.JSON)).hasMessageContaining("does not run Map");
    }

    private LocalWorkflows inline(ScriptedFunctions functions, String states) {
        workflows = new LocalWorkflows(store, java.util.Map.of("inline", "{\"StartAt\": \"A\", \"States\": " + states + "}"),
                functions, timers, Runnable::run, Fixtures.JSON);
        return workflows;
    }

    @Test
    void aFailStateCanTakeItsErrorAndCauseFromTheInput() {
        inline(new ScriptedFunctions(), """
                {"A": {"Type": "Fail", "ErrorPath": "$.failure.code", "CausePath": "$.failure.text"}}""");
        String arn = workflows.start("inline", "f1", "{\"failure\": {\"code\": \"Agent.Gone\", \"text\": \"host offline\"}}").executionArn();
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(describe(arn).error()).contains("Agent.Gone");
        assertThat(describe(arn).cause()).contains("host offline");
    }

    @Test
    void statesRuntimeIsNeverCaughtButAResultPathMismatchIs() {
        ScriptedFunctions functions = new ScriptedFunctions()
                .define(FUNCTION + "ok", payload -> json("{\"done\": true}"));
        inline(functions, """
                {"A": {"Type": "Task", "Resource": "%1$sok", "OutputPath": "$.missing",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                 "Caught": {"Type": "Succeed"}}""".formatted(FUNCTION));
        String runtime = workflows.start("inline", "rt", "{}").executionArn();
        assertThat(describe(runtime).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(describe(runtime).error()).contains("States.Runtime");

        inline(functions, """
                {"A": {"Type": "Task", "Resource": "%1$sok", "ResultPath": "$.result",
                       "Catch": [{"ErrorEquals": ["States.ResultPathMatchFailure"], "ResultPath": null, "Next": "Caught"}], "End": true},
                 "Caught": {"Type": "Succeed"}}""".formatted(FUNCTION));
        String mismatch = workflows.start("inline", "rp", "[1, 2]").executionArn();
        assertThat(workflows.statesEntered(mismatch)).containsExactly("A", "Caught");
        assertThat(output(mismatch)).isEqualTo(json("[1, 2]"));
    }

    @Test
    void aParameterPathThatSelectsNothingIsACatchableTaskError() {
        ScriptedFunctions functions = new ScriptedFunctions().define(FUNCTION + "ok", payload -> json("{}"));
        inline(functions, """
                {"A": {"Type": "Task", "Resource": "%1$sok", "Parameters": {"id.$": "$.nope"},
                       "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}], "End": true},
                 "Caught": {"Type": "Pass", "End": true}}""".formatted(FUNCTION));
        String arn = workflows.start("inline", "pp", "{}").executionArn();
        assertThat(functions.calls(FUNCTION + "ok")).isEmpty();
        assertThat(output(arn).get("Error").asText()).isEqualTo("States.ParameterPathFailure");
    }

    @Test
    void aTokenTasksRetrierStopsAtMaxAttemptsAndTheCatchTakesOver() {
        List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScriptedFunctions functions = new ScriptedFunctions().define(FUNCTION + "send", payload -> {
            tokens.add(payload.get("token").asText());
            return json("{}");
        });
        start(functions, "token");
        String arn = workflows.start("token", "t7", "{\"host\": \"h1\"}").executionArn();
        workflows.sendTaskFailure(tokens.get(0), "Agent.Busy", "1");
        timers.advance(Duration.ofSeconds(5));
        // MaxAttempts 1: a second Agent.Busy is not retried and no catcher names it but TaskFailed does
        workflows.sendTaskFailure(tokens.get(1), "Agent.Busy", "2");
        timers.advance(Duration.ofMinutes(1));
        assertThat(tokens).hasSize(2);
        assertThat(workflows.statesEntered(arn)).containsExactly("AskAgent", "AgentFailed");
    }
}
