package cloud.patchmon.core.workflows;

import cloud.patchmon.core.retry.Sleeper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Workflows} on Step Functions' JSON 1.0 API ({@code POST /}, {@code X-Amz-Target: AWSStepFunctions.<Action>}),
 * SigV4-signed for {@code states}. Like {@code ApiGatewayConnectionGateway} it signs with the SDK's signer instead of
 * using the generated {@code sfn} client: that module is not published at the SDK version the functions are pinned to
 * (DESIGN.md), and mixing SDK versions in one package is unsupported.
 *
 * <p>Throttling and 5xx answers are retried (three attempts, exponential back-off) as the SDK's standard retry
 * mode would; every other error is mapped to the port's contract.
 */
public final class StepFunctionsWorkflows implements Workflows {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final int ATTEMPTS = 3;
    /** SendTask* errors that mean the task was resolved before (or never existed): the single-use token is spent. */
    private static final Set<String> RESOLVED = Set.of("TaskDoesNotExist", "TaskTimedOut", "InvalidToken");
    private static final Set<String> INVALID_INPUT = Set.of("ValidationException", "InvalidArn", "InvalidName",
            "InvalidExecutionInput", "InvalidOutput", "StateMachineDoesNotExist", "StateMachineDeleting");
    private static final Set<String> RETRYABLE = Set.of("ThrottlingException", "ServiceUnavailable", "InternalFailure");

    private final SdkHttpClient http;
    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final Map<String, String> stateMachineArns;
    private final ObjectMapper json;
    private final Sleeper sleeper;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param endpoint         {@code https://states.<region>.amazonaws.com} or an override (LocalStack)
     * @param stateMachineArns logical name ({@code PatchRun}) → deployed state machine ARN
     * @param sleeper          waits out the back-off between attempts
     */
    public StepFunctionsWorkflows(SdkHttpClient http, URI endpoint, String region, AwsCredentialsProvider credentials,
                                  Map<String, String> stateMachineArns, ObjectMapper json, Sleeper sleeper) {
        this.http = http;
        this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", "") + "/");
        this.region = region;
        this.credentials = credentials;
        this.stateMachineArns = Map.copyOf(stateMachineArns);
        this.json = json;
        this.sleeper = sleeper;
    }

    /** @param endpoint empty for the region's public endpoint */
    public static StepFunctionsWorkflows create(Optional<URI> endpoint, String region, AwsCredentialsProvider credentials,
                                                Map<String, String> stateMachineArns, ObjectMapper json) {
        return new StepFunctionsWorkflows(UrlConnectionHttpClient.create(),
                endpoint.orElse(URI.create("https://states." + region + ".amazonaws.com")), region, credentials, stateMachineArns, json,
                Sleeper.THREAD);
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
        Answer answer = call("StartExecution", request);
        if (answer.isError("ExecutionAlreadyExists")) {
            throw new ExecutionAlreadyExistsException(name);
        }
        JsonNode body = answer.orThrow("StartExecution");
        return new StartedExecution(body.path("executionArn").asText(), instant(body.get("startDate")));
    }

    @Override
    public void stop(String executionArn, String error, String cause) {
        ObjectNode request = json.createObjectNode().put("executionArn", executionArn);
        putIfPresent(request, "error", error);
        putIfPresent(request, "cause", cause);
        Answer answer = call("StopExecution", request);
        if (answer.isError("ExecutionDoesNotExist")) {
            throw new ExecutionDoesNotExistException(executionArn);
        }
        answer.orThrow("StopExecution");
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
        Answer answer = call("DescribeExecution", json.createObjectNode().put("executionArn", executionArn));
        if (answer.isError("ExecutionDoesNotExist")) {
            return Optional.empty();
        }
        JsonNode body = answer.orThrow("DescribeExecution");
        String machineArn = body.path("stateMachineArn").asText();
        String logical = stateMachineArns.entrySet().stream().filter(e -> e.getValue().equals(machineArn))
                .map(Map.Entry::getKey).findFirst().orElse(machineArn);
        return Optional.of(new ExecutionDescription(body.path("executionArn").asText(), logical, body.path("name").asText(),
                ExecutionStatus.valueOf(body.path("status").asText()), body.path("input").asText(),
                text(body, "output"), text(body, "error"), text(body, "cause"), instant(body.get("startDate")),
                Optional.ofNullable(body.get("stopDate")).map(StepFunctionsWorkflows::instant)));
    }

    private boolean sendTask(String action, ObjectNode request) {
        Answer answer = call(action, request);
        if (answer.errorType().filter(RESOLVED::contains).isPresent()) {
            return false;
        }
        answer.orThrow(action);
        return true;
    }

    private Answer call(String action, ObjectNode request) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Answer answer = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            answer = send(action, body);
            if (!answer.retryable()) {
                return answer;
            }
        }
        return answer;
    }

    private Answer send(String action, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", "AWSStepFunctions." + action)
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "states")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            byte[] answer = new byte[0];
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    answer = in.readAllBytes();
                }
            }
            JsonNode parsed = answer.length == 0 ? json.createObjectNode() : json.readTree(answer);
            return new Answer(response.httpResponse().statusCode(), parsed,
                    response.httpResponse().firstMatchingHeader("x-amzn-ErrorType"));
        } catch (IOException e) {
            throw new UncheckedIOException("Step Functions " + action + " failed", e);
        }
    }

    /** 200 ms, then 400 ms. */
    private void backOff(int attempt) {
        try {
            sleeper.sleep(Duration.ofMillis(100L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying Step Functions", e);
        }
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

    private record Answer(int status, JsonNode body, Optional<String> errorHeader) {

        /** {@code __type} may carry a namespace ({@code com.amazonaws.swf.service.v2.model#TaskTimedOut}), the header a suffix. */
        Optional<String> errorType() {
            if (status / 100 == 2) {
                return Optional.empty();
            }
            String type = body.hasNonNull("__type") ? body.get("__type").asText() : errorHeader.orElse("");
            type = type.substring(type.lastIndexOf('#') + 1);
            int colon = type.indexOf(':');
            return Optional.of(colon >= 0 ? type.substring(0, colon) : type);
        }

        boolean isError(String type) {
            return errorType().filter(type::equals).isPresent();
        }

        boolean retryable() {
            return status / 100 == 5 || errorType().filter(RETRYABLE::contains).isPresent();
        }

        JsonNode orThrow(String action) {
            Optional<String> type = errorType();
            if (type.isEmpty()) {
                return body;
            }
            if (INVALID_INPUT.contains(type.get())) {
                throw new IllegalArgumentException("Step Functions " + action + " refused the request: " + type.get());
            }
            throw new IllegalStateException("Step Functions " + action + " answered HTTP " + status + " " + type.get());
        }
    }
}
