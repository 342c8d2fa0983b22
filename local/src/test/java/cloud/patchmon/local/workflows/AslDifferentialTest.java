package cloud.patchmon.local.workflows;

import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
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
        Path definition = scenarioFile.getParent().getParent().resolve(scenario.get("definition").asText());

        NodeTools.Result node = NodeTools.run("run-scenario.mjs", List.of(definition.toString(), scenarioFile.toString()));
        assertThat(node.exitCode()).as(node.stderr()).isZero();
        JsonNode expected = Fixtures.JSON.readTree(node.stdout());

        assertThat(runLocally(scenario, Files.readString(definition))).isEqualTo(expected);
    }

    private JsonNode runLocally(JsonNode scenario, String definition) {
        ManualTimers timers = new ManualTimers(Instant.parse("2026-12-01T10:00:00Z"));
        ScriptedFunctions functions = new ScriptedFunctions();
        Iterator<Map.Entry<String, JsonNode>> scripts = scenario.get("functions").fields();
        while (scripts.hasNext()) {
            Map.Entry<String, JsonNode> script = scripts.next();
            List<Object> steps = new ArrayList<>();
            for (JsonNode step : script.getValue()) {
                steps.add(step.has("throw")
                        ? new TaskFailedException(step.at("/throw/error").asText(), step.at("/throw/cause").asText())
                        : step.get("return"));
            }
            functions.script(script.getKey(), steps);
        }
        try (LocalWorkflows workflows = new LocalWorkflows(Fixtures.store(dynamo, dynamo.newTable(), timers.clock()),
                Map.of("scenario", definition), functions, timers, Runnable::run, Fixtures.JSON)) {
            String arn = workflows.start("scenario", "differential", scenario.get("input").toString()).executionArn();
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
