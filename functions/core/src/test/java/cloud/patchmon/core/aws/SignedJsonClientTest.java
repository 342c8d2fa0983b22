package cloud.patchmon.core.aws;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.retry.Sleeper;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a local endpoint: what it sends is signed as AWS verifies it, answers map to errors, timeouts end calls. */
class SignedJsonClientTest {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=(?<key>[A-Za-z0-9]+)/(?<date>\\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, "
                    + "SignedHeaders=(?<headers>[a-z0-9-]+(;[a-z0-9-]+)*), Signature=(?<signature>[0-9a-f]{64})");
    private static final AwsService SERVICE = new AwsService("Test Service", "states", "states", "AWS_ENDPOINT_URL_TEST");
    private static final SignedJsonClient.JsonProtocol PROTOCOL = new SignedJsonClient.JsonProtocol("1.0", "AWSStepFunctions");
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final AwsCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", SECRET));

    private final ObjectMapper json = Json.newMapper();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    /** Holds the endpoint's answer back while a test needs it silent. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<SdkHttpClient> clients = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private record Seen(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** {@code hold}: answer only once the test releases the endpoint. */
    private record Reply(int status, String body, Map<String, String> headers, boolean hold) {

        Reply(int status, String body) {
            this(status, body, Map.of(), false);
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    headers, exchange.getRequestBody().readAllBytes()));
            Reply reply;
            synchronized (replies) {
                reply = replies.isEmpty() ? new Reply(200, "{}") : replies.poll();
            }
            if (reply.hold()) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        clients.forEach(SdkHttpClient::close);
        server.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private SignedJsonClient client(AwsCredentialsProvider credentials, SignedJsonClient.Retries retries, Sleeper sleeper, Duration readTimeout) {
        SdkHttpClient http = SignedJsonClient.httpClient(readTimeout);
        clients.add(http);
        return new SignedJsonClient(http, SERVICE, endpoint(), "eu-west-1", credentials, retries, sleeper, Clock.systemUTC());
    }

    private SignedJsonClient client() {
        return client(CREDENTIALS, SignedJsonClient.Retries.NONE, waits::add, SignedJsonClient.READ_TIMEOUT);
    }

    private SignedJsonClient retrying(Sleeper sleeper) {
        return client(CREDENTIALS, new SignedJsonClient.Retries(3, Duration.ofMillis(200)), sleeper, SignedJsonClient.READ_TIMEOUT);
    }

    private void reply(Reply reply) {
        synchronized (replies) {
            replies.add(reply);
        }
    }

    /** Checks the request's Authorization as the service would: recomputes the signature from what arrived. */
    private static Matcher assertVerifies(Seen request, String secret) {
        Matcher authorization = AUTHORIZATION.matcher(request.header("Authorization"));
        assertThat(authorization.matches()).as("well-formed: %s", request.header("Authorization")).isTrue();
        String amzDate = request.header("X-Amz-Date");
        assertThat(amzDate).matches("\\d{8}T\\d{6}Z").startsWith(authorization.group("date"));
        List<String> signed = List.of(authorization.group("headers").split(";"));
        assertThat(signed).as("sorted, and covering what the service checks").isSorted().contains("host", "x-amz-date");
        TreeMap<String, String> values = new TreeMap<>();
        signed.forEach(name -> values.put(name, request.headers().get(name)));
        assertThat(values).doesNotContainValue(null);
        assertThat(authorization.group("signature")).as("the signature over what arrived").isEqualTo(SigV4Reference.signature(
                request.method(), request.rawPath(), request.rawQuery(), values, request.body(), secret, amzDate,
                authorization.group("region"), authorization.group("service")));
        return authorization;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            get-vanilla                | GET  |                                   |               | host;x-amz-date              | 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
            post-vanilla               | POST |                                   |               | host;x-amz-date              | 5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b
            post-x-www-form-urlencoded | POST | application/x-www-form-urlencoded | Param1=value1 | content-type;host;x-amz-date | ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a
            """)
    void signsAwsSigV4TestSuiteRequestsToTheirPublishedSignatures(String vector, String method, String contentType, String body,
                                                                  String signedHeaders, String signature) {
        List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();
        SdkHttpClient capture = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                sent.add(request.httpRequest());
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        return HttpExecuteResponse.builder().response(SdkHttpResponse.builder().statusCode(200).build())
                                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(new byte[0]))).build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        AwsService suite = new AwsService("the test suite's service", "service", "example", "AWS_ENDPOINT_URL_SUITE");
        Clock suiteTime = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
        SignedJsonClient client = new SignedJsonClient(capture, suite, URI.create("https://example.amazonaws.com"), "us-east-1",
                CREDENTIALS, SignedJsonClient.Retries.NONE, waits::add, suiteTime);

        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        client.call(vector, SdkHttpMethod.fromValue(method), "/", contentType == null ? Map.of() : Map.of("Content-Type", contentType),
                body == null ? null : payload);

        TreeMap<String, String> suiteHeaders = new TreeMap<>(Map.of("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z"));
        if (contentType != null) {
            suiteHeaders.put("content-type", contentType);
        }
        assertThat(SigV4Reference.authorization("AKIDEXAMPLE", "20150830T123600Z", "us-east-1", "service", suiteHeaders,
                SigV4Reference.signature(method, "/", null, suiteHeaders, payload, SECRET, "20150830T123600Z", "us-east-1", "service")))
                .as("the reference the other tests verify with gives the suite's published header")
                .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="
                        + signedHeaders + ", Signature=" + signature);
        // The SDK's signer also signs x-amz-content-sha256 (every service accepts it), so the SDK's header is the
        // suite's request with that one header more, as the reference signs it.
        SdkHttpRequest request = sent.get(0);
        TreeMap<String, String> sdkHeaders = new TreeMap<>(suiteHeaders);
        sdkHeaders.put("x-amz-content-sha256", SigV4Reference.payloadHash(payload));
        assertThat(request.firstMatchingHeader("x-amz-content-sha256")).contains(SigV4Reference.payloadHash(payload));
        assertThat(request.firstMatchingHeader("X-Amz-Date")).contains("20150830T123600Z");
        assertThat(request.firstMatchingHeader("Authorization")).contains(SigV4Reference.authorization("AKIDEXAMPLE", "20150830T123600Z",
                "us-east-1", "service", sdkHeaders,
                SigV4Reference.signature(method, "/", null, sdkHeaders, payload, SECRET, "20150830T123600Z", "us-east-1", "service")));
    }

    @Test
    void aJsonActionIsAPostOfTheBodyWithItsTargetSignedOverTargetTypeAndBody() throws IOException {
        AwsResponse answer = client().action(PROTOCOL, "StartExecution", json.createObjectNode().put("name", "run-1"));

        assertThat(answer.ok()).isTrue();
        Seen request = seen.get(0);
        assertThat(request.method() + " " + request.rawPath()).isEqualTo("POST /");
        assertThat(request.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.StartExecution");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(json.readTree(request.body())).isEqualTo(json.createObjectNode().put("name", "run-1"));
        Matcher authorization = assertVerifies(request, SECRET);
        assertThat(authorization.group("key")).isEqualTo("AKIDEXAMPLE");
        assertThat(authorization.group("region")).isEqualTo("eu-west-1");
        assertThat(authorization.group("service")).isEqualTo("states");
        assertThat(authorization.group("headers").split(";")).contains("content-type", "x-amz-target");
    }

    @Test
    void aRestCallKeepsItsEncodedPathAndQueryAndStillVerifies() {
        client().call("PostToConnection", SdkHttpMethod.POST, "/prod/@connections/L0SM9cOFvHcCIhw%3D?Qualifier=live%2Fv1",
                Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "Event"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        client().call("DeleteConnection", SdkHttpMethod.DELETE, "/prod/@connections/c1", Map.of(), null);

        Seen post = seen.get(0);
        assertThat(post.rawPath()).isEqualTo("/prod/@connections/L0SM9cOFvHcCIhw%3D");
        assertThat(post.rawQuery()).isEqualTo("Qualifier=live%2Fv1");
        assertThat(post.header("X-Amz-Invocation-Type")).isEqualTo("Event");
        assertVerifies(post, SECRET);
        assertThat(seen.get(1).method()).isEqualTo("DELETE");
        assertVerifies(seen.get(1), SECRET);
    }

    @Test
    void temporaryCredentialsSendAndSignTheirSessionToken() {
        client(StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAEXAMPLE", SECRET, "FwoGZXIvYXdzEXAMPLE")),
                SignedJsonClient.Retries.NONE, waits::add, SignedJsonClient.READ_TIMEOUT)
                .action(PROTOCOL, "DescribeExecution", json.createObjectNode());

        Seen request = seen.get(0);
        assertThat(request.header("X-Amz-Security-Token")).isEqualTo("FwoGZXIvYXdzEXAMPLE");
        assertThat(assertVerifies(request, SECRET).group("headers").split(";")).contains("x-amz-security-token");
    }

    @Test
    void theErrorTypeComesFromTheBodyOrTheHeaderWithoutNamespaceOrSuffix() {
        reply(new Reply(400, "{\"__type\":\"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists\",\"message\":\"taken\"}"));
        reply(new Reply(400, "", Map.of("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/"), false));
        reply(new Reply(410, "{\"message\":\"Gone\"}", Map.of("x-amzn-ErrorType", "GoneException"), false));
        reply(new Reply(502, "<html>Bad Gateway</html>"));
        SignedJsonClient client = client();

        AwsResponse taken = client.action(PROTOCOL, "StartExecution", json.createObjectNode());
        assertThat(taken.errorType()).contains("ExecutionAlreadyExists");
        assertThat(taken.isError("ExecutionAlreadyExists")).isTrue();
        assertThat(taken.body().path("message").asText()).isEqualTo("taken");
        assertThat(client.action(PROTOCOL, "SendTaskHeartbeat", json.createObjectNode()).errorType()).contains("ThrottlingException");
        AwsResponse gone = client.call("PostToConnection", SdkHttpMethod.POST, "/@connections/c1", Map.of(), new byte[0]);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.errorType()).contains("GoneException");
        AwsResponse proxy = client.action(PROTOCOL, "StopExecution", json.createObjectNode());
        assertThat(proxy.status()).as("a body that is not JSON keeps the status").isEqualTo(502);
        assertThat(proxy.errorType()).isEmpty();
    }

    @Test
    void orThrowGivesASuccessesBodyAndTurnsAnErrorIntoAnAwsServiceException() {
        reply(new Reply(200, "{\"executionArn\":\"arn:x\"}"));
        reply(new Reply(400, "{\"__type\":\"AccessDeniedException\"}"));
        reply(new Reply(403, ""));
        SignedJsonClient client = client();

        assertThat(client.action(PROTOCOL, "StartExecution", json.createObjectNode()).orThrow().path("executionArn").asText())
                .isEqualTo("arn:x");
        assertThatThrownBy(() -> client.action(PROTOCOL, "StartExecution", json.createObjectNode()).orThrow())
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errorType()).isEqualTo("AccessDeniedException");
                    assertThat(e).hasMessage("Test Service StartExecution answered HTTP 400 AccessDeniedException");
                });
        assertThatThrownBy(() -> client.call("Invoke", SdkHttpMethod.POST, "/", Map.of(), new byte[0]).orThrow())
                .isInstanceOf(IllegalStateException.class).hasMessage("Test Service Invoke answered HTTP 403");
    }

    @Test
    void aSuccessThatIsNotJsonIsAFailureNotAnEmptyAnswer() {
        reply(new Reply(200, "<html>captive portal</html>"));
        assertThatThrownBy(() -> client().action(PROTOCOL, "StartExecution", json.createObjectNode()))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("StartExecution");
    }

    @Test
    void throttlingAnd5xxAreRetriedWithDoublingBackOffAndFreshSignatures() {
        reply(new Reply(400, "{\"__type\":\"ThrottlingException\"}"));
        reply(new Reply(500, ""));
        reply(new Reply(200, "{}"));

        assertThat(retrying(waits::add).action(PROTOCOL, "SendTaskHeartbeat", json.createObjectNode()).ok()).isTrue();

        assertThat(seen).hasSize(3).allSatisfy(request -> assertVerifies(request, SECRET));
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void otherErrorsAndClientsWithoutRetriesAnswerAtOnceAndTheLastRetryIsTheAnswer() {
        reply(new Reply(400, "{\"__type\":\"AccessDeniedException\"}"));
        assertThat(retrying(waits::add).action(PROTOCOL, "SendTaskHeartbeat", json.createObjectNode()).status()).isEqualTo(400);
        assertThat(seen).hasSize(1);

        reply(new Reply(503, ""));
        assertThat(client().action(PROTOCOL, "PutEvents", json.createObjectNode()).status()).isEqualTo(503);
        assertThat(seen).hasSize(2);
        assertThat(waits).isEmpty();

        reply(new Reply(503, ""));
        reply(new Reply(503, ""));
        reply(new Reply(503, ""));
        assertThat(retrying(waits::add).action(PROTOCOL, "SendTaskHeartbeat", json.createObjectNode()).status()).isEqualTo(503);
        assertThat(seen).hasSize(5);
    }

    @Test
    void anInterruptedBackOffStopsAndKeepsTheInterrupt() {
        reply(new Reply(503, ""));
        SignedJsonClient client = retrying(duration -> {
            throw new InterruptedException("shutting down");
        });
        try {
            assertThatThrownBy(() -> client.action(PROTOCOL, "SendTaskHeartbeat", json.createObjectNode()))
                    .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void anEndpointThatDoesNotAnswerInTimeEndsTheCallAndIsNotRetried() {
        reply(new Reply(200, "{}", Map.of(), true));
        SignedJsonClient impatient = client(CREDENTIALS, new SignedJsonClient.Retries(3, Duration.ofMillis(200)), waits::add,
                Duration.ofMillis(300));

        assertThatThrownBy(() -> impatient.action(PROTOCOL, "StartExecution", json.createObjectNode()))
                .isInstanceOf(UncheckedIOException.class).hasMessage("Test Service StartExecution failed")
                .hasCauseInstanceOf(SocketTimeoutException.class);
        assertThat(waits).as("the request may have arrived: not sent again").isEmpty();
    }

    @Test
    void anUnreachableEndpointIsAnUncheckedIoException() {
        SignedJsonClient client = client();
        server.stop(0);

        assertThatThrownBy(() -> client.call("Invoke", SdkHttpMethod.POST, "/", Map.of(), new byte[0]))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void theServiceVariableOverridesAwsEndpointUrlWhichOverridesTheRegion() {
        String local = endpoint().toString();
        assertThat(SERVICE.override(Map.of("AWS_ENDPOINT_URL_TEST", local, "AWS_ENDPOINT_URL", "http://127.0.0.1:1"))).contains(URI.create(local));
        assertThat(SERVICE.override(Map.of("AWS_ENDPOINT_URL_TEST", " ", "AWS_ENDPOINT_URL", local))).contains(URI.create(local));
        assertThat(SERVICE.override(Map.of())).isEmpty();
        assertThat(AwsService.STEP_FUNCTIONS.regionalEndpoint("eu-west-1")).isEqualTo(URI.create("https://states.eu-west-1.amazonaws.com"));
        assertThat(AwsService.EVENTBRIDGE.regionalEndpoint("eu-west-1")).isEqualTo(URI.create("https://events.eu-west-1.amazonaws.com"));
        assertThat(AwsService.LAMBDA.regionalEndpoint("eu-west-1")).isEqualTo(URI.create("https://lambda.eu-west-1.amazonaws.com"));
    }

    @Test
    void anOverriddenEndpointWithoutCredentialsInTheEnvironmentIsCalledWithTheEmulatorsDummyOnes() {
        SignedJsonClient.forService(SERVICE, "eu-west-1", Map.of("AWS_ENDPOINT_URL_TEST", endpoint().toString()), SignedJsonClient.Retries.NONE)
                .action(PROTOCOL, "StartExecution", json.createObjectNode());

        assertThat(assertVerifies(seen.get(0), "local").group("key")).isEqualTo("local");
    }
}
