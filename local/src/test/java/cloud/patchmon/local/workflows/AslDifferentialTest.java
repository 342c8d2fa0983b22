package cloud.patchmon.local.workflows;

import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.workflow.StateMachines;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same definitions and scripted functions through this interpreter and through aws-local-stepfunctions 3.0.0
 * (an independent implementation): the states entered, the status, the output or the error must agree.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class AslDifferentialTest {

    private final DynamoDbLocal dynamo;

    AslDifferentialTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    static Stream<Path> scenarios() throws IOException, URISyntaxException {
        Path dir = Path.of(AslDifferentialTest.class.getClassLoader().getResource("asl/scenarios").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(sorted).hasSizeGreaterThanOrEqualTo(10);
            return sorted.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void bothInterpretersTakeTheSamePathToTheSameResult(Path scenarioFile) throws Exception {
        JsonNode scenario = Fixtures.JSON.readTree(scenarioFile.toFile());
        Path definition = scenario.has("state_machine") ? shipped(scenario.get("state_machine").asText())
                : scenarioFile.getParent().getParent().resolve(scenario.get("definition").asText());

        NodeTools.Result node = NodeTools.run("run-scenario.mjs", List.of(definition.toString(), scenarioFile.toString()));
        assertThat(node.exitCode()).as(node.stderr()).isZero();
        JsonNode expected = Fixtures.JSON.readTree(node.stdout());

        assertThat(runLocally(scenario, Files.readString(definition))).isEqualTo(expected);
    }

    /** A definition the product ships, its task function named {@link #SHIPPED_FUNCTION}. */
    private static Path shipped(String stateMachine) throws IOException {
        Path file = Files.createTempFile(stateMachine, ".asl.json");
        file.toFile().deleteOnExit();
        Files.writeString(file, StateMachines.definition(stateMachine, Map.of(StateMachines.WORKFLOW_FUNCTION, SHIPPED_FUNCTION)));
        return file;
    }

    static final String SHIPPED_FUNCTION = Fixtures.FUNCTION + "workflow";

    /**
     * aws-local-stepfunctions answers a {@code .waitForTaskToken} state from its handler at once; here the function
     * is invoked (scripts under {@code local_functions} when the two differ; an {@code answer_own_token} step answers
     * its payload's token while it runs, as AwaitResult does when the agent came first) and the scenario's
     * {@code tokens} are then sent in order, each {@code after_seconds} of fake time, as the agent's reply would be.
     * A {@code stop} stops the execution {@code after_seconds} later, as deleting the run does.
     */
    private JsonNode runLocally(JsonNode scenario, String definition) {
        ManualTimers timers = new ManualTimers(Instant.parse("2026-12-01T10:00:00Z"));
        ScriptedFunctions functions = new ScriptedFunctions();
        AtomicReference<LocalWorkflows> engine = new AtomicReference<>();
        Iterator<Map.Entry<String, JsonNode>> scripts = scenario.has("local_functions") ? scenario.get("local_functions").fields()
                : scenario.get("functions").fields();
        while (scripts.hasNext()) {
            Map.Entry<String, JsonNode> script = scripts.next();
            List<Object> steps = new ArrayList<>();
            for (JsonNode step : script.getValue()) {
                if (step.has("throw")) {
                    steps.add(new TaskFailedException(step.at("/throw/error").asText(), step.at("/throw/cause").asText()));
                } else if (step.has("answer_own_token")) {
                    Function<JsonNode, JsonNode> answering = payload -> {
                        assertThat(engine.get().sendTaskSuccess(payload.get("task_token").asText(), step.get("answer_own_token").toString())).isTrue();
                        return JsonNodeFactory.instance.objectNode();
                    };
                    steps.add(answering);
                } else {
                    steps.add(step.get("return"));
                }
            }
            functions.script(script.getKey(), steps);
        }
        try (LocalWorkflows workflows = new LocalWorkflows(Fixtures.store(dynamo, dynamo.newTable(), timers.clock()),
                Map.of("scenario", definition), functions, timers, Runnable::run, Fixtures.JSON)) {
            engine.set(workflows);
            String arn = workflows.start("scenario", "differential", scenario.get("input").toString()).executionArn();
            int resolved = 0;
            for (JsonNode token : scenario.path("tokens")) {
                timers.advance(Duration.ofSeconds(token.path("after_seconds").asLong(0)));
                List<String> issued = functions.functions().stream().flatMap(f -> functions.calls(f).stream())
                        .filter(p -> p.hasNonNull("task_token")).map(p -> p.get("task_token").asText()).toList();
                String next = issued.get(resolved++);
                if (token.has("success")) {
                    workflows.sendTaskSuccess(next, token.get("success").toString());
                } else {
                    workflows.sendTaskFailure(next, token.at("/failure/error").asText(), token.at("/failure/cause").asText());
                }
            }
            if (scenario.has("stop")) {
                JsonNode stop = scenario.get("stop");
                timers.advance(Duration.ofSeconds(stop.path("after_seconds").asLong(0)));
                assertThat(workflows.statesEntered(arn)).last().isEqualTo(stop.get("in_state").asText());
                workflows.stop(arn, stop.get("error").asText(), stop.get("cause").asText());
            }
            timers.advance(Duration.ofDays(30));
            var description = workflows.describe(arn).orElseThrow();
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.set("states", Fixtures.JSON.valueToTree(workflows.statesEntered(arn)));
            result.put("status", description.status().name());
            description.output().ifPresent(output -> result.set("output", Fixtures.json(output)));
            description.error().ifPresent(error -> result.put("error", error));
            description.cause().ifPresent(cause -> result.put("cause", cause));
            return result;
        }
    }
}
