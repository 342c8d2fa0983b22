package cloud.patchmon.core.workflows;

import cloud.patchmon.core.aws.AwsResponse;
import cloud.patchmon.core.aws.AwsService;
import cloud.patchmon.core.aws.SignedJsonClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Workflows} on Step Functions' JSON 1.0 API ({@code X-Amz-Target: AWSStepFunctions.<Action>}) through a
 * {@link SignedJsonClient} for {@code states}: the generated {@code sfn} client is not published at the SDK version the
 * functions are pinned to (DESIGN.md).
 *
 * <p>Throttling and 5xx answers are retried ({@link #RETRIES}: three attempts, exponential back-off) as the SDK's
 * standard retry mode would; every other error is mapped to the port's contract.
 */
public final class StepFunctionsWorkflows implements Workflows {

    /** 200 ms before the second attempt, 400 ms before the third. */
    public static final SignedJsonClient.Retries RETRIES = new SignedJsonClient.Retries(3, Duration.ofMillis(200));
    private static final SignedJsonClient.JsonProtocol PROTOCOL = new SignedJsonClient.JsonProtocol("1.0", "AWSStepFunctions");
    /** SendTask* errors that mean the task was resolved before (or never existed): the single-use token is spent. */
    private static final Set<String> RESOLVED = Set.of("TaskDoesNotExist", "TaskTimedOut", "InvalidToken");
    private static final Set<String> INVALID_INPUT = Set.of("ValidationException", "InvalidArn", "InvalidName",
            "InvalidExecutionInput", "InvalidOutput", "StateMachineDoesNotExist", "StateMachineDeleting");

    private final SignedJsonClient client;
    private final Map<String, String> stateMachineArns;
    private final ObjectMapper json;

    /**
     * @param client           signed for {@link AwsService#STEP_FUNCTIONS}, retrying as {@link #RETRIES}
     * @param stateMachineArns logical name ({@code PatchRun}) → deployed state machine ARN
     */
    public StepFunctionsWorkflows(SignedJsonClient client, Map<String, String> stateMachineArns, ObjectMapper json) {
        this.client = client;
        this.stateMachineArns = Map.copyOf(stateMachineArns);
        this.json = json;
    }

    /** Step Functions in {@code region}, at {@code AWS_ENDPOINT_URL_SFN}, else {@code AWS_ENDPOINT_URL}, else the region's endpoint. */
    public static StepFunctionsWorkflows create(String region, Map<String, String> env, Map<String, String> stateMachineArns,
                                                ObjectMapper json) {
        return new StepFunctionsWorkflows(SignedJsonClient.forService(AwsService.STEP_FUNCTIONS, region, env, RETRIES),
                stateMachineArns, json);
    }

    @Override
    public StartedExecution start(String stateMachine, String name, String input) {
        String arn = stateMachineArns.get(stateMachine);
        if (arn == null) {
            throw new IllegalArgumentException("unknown state machine " + stateMachine);
        }
        ObjectNode request = json.createObjectNode()
                .put("stateMachineArn", arn)
                .put("name", ExecutionNames.require(name))
                .put("input", Objects.requireNonNull(input, "input"));
        AwsResponse answer = call("StartExecution", request);
        if (answer.isError("ExecutionAlreadyExists")) {
            throw new ExecutionAlreadyExistsException(name);
        }
        JsonNode body = orThrow(answer);
        return new StartedExecution(body.path("executionArn").asText(), instant(body.get("startDate")));
    }

    @Override
    public void stop(String executionArn, String error, String cause) {
        ObjectNode request = json.createObjectNode().put("executionArn", executionArn);
        putIfPresent(request, "error", error);
        putIfPresent(request, "cause", cause);
        AwsResponse answer = call("StopExecution", request);
        if (answer.isError("ExecutionDoesNotExist")) {
            throw new ExecutionDoesNotExistException(executionArn);
        }
        orThrow(answer);
    }

    @Override
    public boolean sendTaskSuccess(String taskToken, String output) {
        return sendTask("SendTaskSuccess", json.createObjectNode().put("taskToken", taskToken).put("output", output));
    }

    @Override
    public boolean sendTaskFailure(String taskToken, String error, String cause) {
        ObjectNode request = json.createObjectNode().put("taskToken", taskToken);
        putIfPresent(request, "error", error);
        putIfPresent(request, "cause", cause);
        return sendTask("SendTaskFailure", request);
    }

    @Override
    public boolean sendTaskHeartbeat(String taskToken) {
        return sendTask("SendTaskHeartbeat", json.createObjectNode().put("taskToken", taskToken));
    }

    @Override
    public Optional<ExecutionDescription> describe(String executionArn) {
        AwsResponse answer = call("DescribeExecution", json.createObjectNode().put("executionArn", executionArn));
        if (answer.isError("ExecutionDoesNotExist")) {
            return Optional.empty();
        }
        JsonNode body = orThrow(answer);
        String machineArn = body.path("stateMachineArn").asText();
        String logical = stateMachineArns.entrySet().stream().filter(e -> e.getValue().equals(machineArn))
                .map(Map.Entry::getKey).findFirst().orElse(machineArn);
        return Optional.of(new ExecutionDescription(body.path("executionArn").asText(), logical, body.path("name").asText(),
                ExecutionStatus.valueOf(body.path("status").asText()), body.path("input").asText(),
                text(body, "output"), text(body, "error"), text(body, "cause"), instant(body.get("startDate")),
                Optional.ofNullable(body.get("stopDate")).map(StepFunctionsWorkflows::instant)));
    }

    private boolean sendTask(String action, ObjectNode request) {
        AwsResponse answer = call(action, request);
        if (answer.errorType().filter(RESOLVED::contains).isPresent()) {
            return false;
        }
        orThrow(answer);
        return true;
    }

    private AwsResponse call(String action, ObjectNode request) {
        return client.action(PROTOCOL, action, request);
    }

    private static JsonNode orThrow(AwsResponse answer) {
        Optional<String> refused = answer.errorType().filter(INVALID_INPUT::contains);
        if (refused.isPresent()) {
            throw new IllegalArgumentException("Step Functions " + answer.operation() + " refused the request: " + refused.get());
        }
        return answer.orThrow();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** The JSON protocol sends timestamps as epoch seconds with a fraction. */
    private static Instant instant(JsonNode epochSeconds) {
        BigDecimal seconds = epochSeconds.decimalValue();
        return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
}
