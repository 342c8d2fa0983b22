package cloud.patchmon.core.workflows;

import cloud.patchmon.core.aws.AwsService;
import cloud.patchmon.core.aws.SignedJsonClient;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.retry.Sleeper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter against a fake Step Functions endpoint: request shapes of the JSON 1.0 protocol, SigV4, error mapping. */
class StepFunctionsWorkflowsTest {

    private static final String MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:PatchRun";
    private final ObjectMapper json = Json.newMapper();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Deque<Reply> replies = new ArrayDeque<>();
    /** The back-off the adapter asked for, instead of sleeping it. */
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private HttpServer server;
    private StepFunctionsWorkflows workflows;

    private record Seen(String method, String path, String target, String contentType, String authorization, JsonNode body) {
    }

    private record Reply(int status, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Target"), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), json.readTree(body)));
            Reply reply;
            synchronized (replies) {
                reply = replies.isEmpty() ? new Reply(200, "{}") : replies.poll();
            }
            byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(reply.status(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        workflows = workflows(waits::add);
    }

    private StepFunctionsWorkflows workflows(Sleeper sleeper) {
        return new StepFunctionsWorkflows(new SignedJsonClient(http, AwsService.STEP_FUNCTIONS,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), StepFunctionsWorkflows.RETRIES,
                sleeper, Clock.systemUTC()), Map.of("PatchRun", MACHINE), json);
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    private void reply(int status, String body) {
        synchronized (replies) {
            replies.add(new Reply(status, body));
        }
    }

    @Test
    void startExecutionNamesTheDeployedMachineAndIsSignedForStates() {
        reply(200, "{\"executionArn\":\"arn:aws:states:eu-west-1:123456789012:execution:PatchRun:run-1\",\"startDate\":1.7648736E9}");

        StartedExecution started = workflows.start("PatchRun", "run-1", "{\"run_id\":\"r1\"}");

        assertThat(started.executionArn()).isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:PatchRun:run-1");
        assertThat(started.startDate()).isEqualTo(Instant.ofEpochSecond(1_764_873_600L));
        Seen request = seen.get(0);
        assertThat(request.method() + " " + request.path()).isEqualTo("POST /");
        assertThat(request.target()).isEqualTo("AWSStepFunctions.StartExecution");
        assertThat(request.contentType()).isEqualTo("application/x-amz-json-1.0");
        assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/eu-west-1/states/aws4_request");
        assertThat(request.body()).isEqualTo(json.createObjectNode().put("stateMachineArn", MACHINE).put("name", "run-1")
                .put("input", "{\"run_id\":\"r1\"}"));
    }

    @Test
    void aTakenNameIsExecutionAlreadyExistsAndBadNamesNeverLeave() {
        reply(400, "{\"__type\":\"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists\",\"message\":\"Execution Already Exists\"}");
        assertThatThrownBy(() -> workflows.start("PatchRun", "run-1", "{}")).isInstanceOf(ExecutionAlreadyExistsException.class);

        assertThatThrownBy(() -> workflows.start("PatchRun", "has space", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> workflows.start("Nope", "run-2", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThat(seen).hasSize(1);
    }

    @Test
    void spentTokensAreAlreadyResolvedNotErrors() {
        reply(400, "{\"__type\":\"TaskTimedOut\",\"message\":\"Task Timed Out\"}");
        reply(400, "{\"__type\":\"TaskDoesNotExist\"}");
        reply(400, "{\"__type\":\"InvalidToken\"}");
        reply(200, "{}");

        assertThat(workflows.sendTaskSuccess("tok", "{\"status\":\"completed\"}")).isFalse();
        assertThat(workflows.sendTaskFailure("tok", "Agent.Failed", "apt-get exited 100")).isFalse();
        assertThat(workflows.sendTaskHeartbeat("tok")).isFalse();
        assertThat(workflows.sendTaskHeartbeat("tok")).isTrue();

        assertThat(seen).extracting(Seen::target).containsExactly("AWSStepFunctions.SendTaskSuccess",
                "AWSStepFunctions.SendTaskFailure", "AWSStepFunctions.SendTaskHeartbeat", "AWSStepFunctions.SendTaskHeartbeat");
        assertThat(seen.get(0).body()).isEqualTo(json.createObjectNode().put("taskToken", "tok").put("output", "{\"status\":\"completed\"}"));
        assertThat(seen.get(1).body()).isEqualTo(json.createObjectNode().put("taskToken", "tok").put("error", "Agent.Failed")
                .put("cause", "apt-get exited 100"));
    }

    @Test
    void throttlingIsRetriedAndAccessDeniedIsNot() {
        reply(400, "{\"__type\":\"ThrottlingException\"}");
        reply(503, "");
        reply(200, "{}");
        assertThat(workflows.sendTaskHeartbeat("tok")).isTrue();
        assertThat(seen).hasSize(3);
        assertThat(waits).as("exponential back-off before each retry").containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));

        reply(400, "{\"__type\":\"AccessDeniedException\"}");
        assertThatThrownBy(() -> workflows.sendTaskHeartbeat("tok")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AccessDeniedException");
        assertThat(seen).hasSize(4);
        assertThat(waits).as("no wait before a call that is not retried").hasSize(2);
    }

    @Test
    void threeThrottledAttemptsAreTheLastAnswer() {
        reply(400, "{\"__type\":\"ThrottlingException\"}");
        reply(400, "{\"__type\":\"ThrottlingException\"}");
        reply(400, "{\"__type\":\"ThrottlingException\"}");
        assertThatThrownBy(() -> workflows.sendTaskHeartbeat("tok")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ThrottlingException");
        assertThat(seen).hasSize(3);
        assertThat(waits).hasSize(2);
    }

    @Test
    void anInterruptedBackOffStopsRetryingAndKeepsTheInterrupt() {
        StepFunctionsWorkflows interrupted = workflows(duration -> {
            throw new InterruptedException("shutting down");
        });
        reply(503, "");
        try {
            assertThatThrownBy(() -> interrupted.sendTaskHeartbeat("tok")).isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(seen).as("no attempt after the interrupted wait").hasSize(1);
    }

    @Test
    void describeMapsTheAnswerAndAnUnknownExecutionIsEmpty() {
        reply(200, """
                {"executionArn":"arn:x:run-1","stateMachineArn":"%s","name":"run-1","status":"FAILED",
                 "startDate":1764873600.5,"stopDate":1764873660.25,"input":"{}","error":"States.Timeout","cause":"late"}
                """.formatted(MACHINE));
        reply(400, "{\"__type\":\"ExecutionDoesNotExist\"}");

        ExecutionDescription description = workflows.describe("arn:x:run-1").orElseThrow();
        assertThat(description.stateMachine()).isEqualTo("PatchRun");
        assertThat(description.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(description.error()).contains("States.Timeout");
        assertThat(description.output()).isEmpty();
        assertThat(description.startDate()).isEqualTo(Instant.parse("2025-12-04T18:40:00.500Z"));
        assertThat(description.stopDate()).contains(Instant.parse("2025-12-04T18:41:00.250Z"));
        assertThat(workflows.describe("arn:x:gone")).isEmpty();
        assertThat(seen.get(0).body()).isEqualTo(json.createObjectNode().put("executionArn", "arn:x:run-1"));
    }

    @Test
    void stopSendsErrorAndCauseAndAnUnknownExecutionIsReported() {
        reply(200, "{\"stopDate\":1764873600}");
        workflows.stop("arn:x:run-1", "PatchRun.Stopped", "stopped by ada");
        assertThat(seen.get(0).target()).isEqualTo("AWSStepFunctions.StopExecution");
        assertThat(seen.get(0).body()).isEqualTo(json.createObjectNode().put("executionArn", "arn:x:run-1")
                .put("error", "PatchRun.Stopped").put("cause", "stopped by ada"));

        reply(400, "{\"__type\":\"ExecutionDoesNotExist\"}");
        assertThatThrownBy(() -> workflows.stop("arn:x:gone", null, null)).isInstanceOf(ExecutionDoesNotExistException.class);
    }
}
