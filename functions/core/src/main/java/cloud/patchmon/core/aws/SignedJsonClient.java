package cloud.patchmon.core.aws;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.retry.Sleeper;
import cloud.patchmon.core.storage.AwsCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SigV4-signed JSON calls to one AWS service, for the adapters whose generated SDK client
 * ({@code sfn}, {@code eventbridge}, {@code lambda}, {@code apigatewaymanagementapi}) is not published at the SDK
 * version the functions are pinned to (DESIGN.md); mixing SDK versions in one package is unsupported. It signs with
 * the SDK's own signer and sends through the SDK's {@code UrlConnectionHttpClient}, as a generated client would.
 *
 * <p>A call returns the service's answer, errors included, as an {@link AwsResponse}: what an error type means is the
 * calling adapter's business. Throttling and 5xx answers are retried as {@link Retries} says, re-signed each time;
 * a network failure or timeout is an {@link UncheckedIOException} and is not retried, because the request may have
 * reached the service.
 */
public final class SignedJsonClient {

    /** Every call these adapters make is small and answered in milliseconds; API Gateway gives a request 29 s in all. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** The error types the SDK's standard retry mode treats as transient, of those these services answer. */
    private static final Set<String> RETRYABLE = Set.of("ThrottlingException", "ServiceUnavailable", "InternalFailure");

    private final SdkHttpClient http;
    private final AwsService service;
    private final String endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final Retries retries;
    private final Sleeper sleeper;
    private final Clock signingClock;
    private final ObjectMapper json = Json.newMapper();
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * How often a throttled or 5xx call is sent: {@code attempts} in all, waiting {@code firstWait} before the second
     * and twice as long before each one after.
     */
    public record Retries(int attempts, Duration firstWait) {

        public static final Retries NONE = new Retries(1, Duration.ZERO);

        public Retries {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        Duration before(int attempt) {
            return firstWait.multipliedBy(1L << (attempt - 1));
        }
    }

    /**
     * The AWS JSON protocol of a service: {@code POST /} with {@code Content-Type: application/x-amz-json-<version>}
     * and {@code X-Amz-Target: <targetPrefix>.<Action>}.
     */
    public record JsonProtocol(String version, String targetPrefix) {
    }

    /**
     * @param endpoint     where the service answers (a trailing slash is ignored); paths of calls are appended to it
     * @param sleeper      waits out the back-off between attempts
     * @param signingClock the time requests are signed at
     */
    public SignedJsonClient(SdkHttpClient http, AwsService service, URI endpoint, String region, AwsCredentialsProvider credentials,
                            Retries retries, Sleeper sleeper, Clock signingClock) {
        this.http = http;
        this.service = service;
        this.endpoint = endpoint.toString().replaceAll("/+$", "");
        this.region = region;
        this.credentials = credentials;
        this.retries = retries;
        this.sleeper = sleeper;
        this.signingClock = signingClock;
    }

    /**
     * The service in {@code region} as the function's environment configures it: the endpoint is the service's
     * override variable, else {@code AWS_ENDPOINT_URL}, else the region's; credentials as for every other client
     * ({@link AwsCredentials}).
     */
    public static SignedJsonClient forService(AwsService service, String region, Map<String, String> env, Retries retries) {
        Optional<URI> override = service.override(env);
        return forEndpoint(service, override.orElse(service.regionalEndpoint(region)), region,
                AwsCredentials.forEndpoint(override, env), retries);
    }

    /** The service at an endpoint that is not the region's (an API Gateway stage's callback URL). */
    public static SignedJsonClient forEndpoint(AwsService service, URI endpoint, String region, AwsCredentialsProvider credentials,
                                               Retries retries) {
        return new SignedJsonClient(httpClient(READ_TIMEOUT), service, endpoint, region, credentials, retries, Sleeper.THREAD,
                Clock.systemUTC());
    }

    /** The HTTP client the factories use: {@link #CONNECT_TIMEOUT}, and {@code readTimeout} for each answer. */
    public static SdkHttpClient httpClient(Duration readTimeout) {
        return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(readTimeout).build();
    }

    /** An action of a JSON-protocol service ({@code StartExecution}, {@code PutEvents}). */
    public AwsResponse action(JsonProtocol protocol, String action, JsonNode request) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return call(action, SdkHttpMethod.POST, "/", Map.of("Content-Type", "application/x-amz-json-" + protocol.version(),
                "X-Amz-Target", protocol.targetPrefix() + "." + action), body);
    }

    /**
     * A call of a REST service ({@code PostToConnection}, {@code Invoke}).
     *
     * @param operation    names the call in errors
     * @param pathAndQuery appended to the endpoint, already URL-encoded
     * @param body         null for none
     */
    public AwsResponse call(String operation, SdkHttpMethod method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).uri(URI.create(endpoint + pathAndQuery));
        headers.forEach(request::putHeader);
        SdkHttpRequest unsigned = request.build();
        AwsResponse response = send(operation, unsigned, body);
        for (int attempt = 1; attempt < retries.attempts() && retryable(response); attempt++) {
            backOff(attempt);
            response = send(operation, unsigned, body);
        }
        return response;
    }

    private static boolean retryable(AwsResponse response) {
        return response.status() / 100 == 5 || response.errorType().filter(RETRYABLE::contains).isPresent();
    }

    private void backOff(int attempt) {
        try {
            sleeper.sleep(retries.before(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying " + service.name(), e);
        }
    }

    private AwsResponse send(String operation, SdkHttpRequest request, byte[] body) {
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service.signingName())
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signingClock));
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
            int status = response.httpResponse().statusCode();
            JsonNode parsed = parse(answer, status);
            return new AwsResponse(service.name(), operation, status, parsed,
                    AwsResponse.errorType(status, parsed, response.httpResponse().firstMatchingHeader("x-amzn-ErrorType")));
        } catch (IOException e) {
            throw new UncheckedIOException(service.name() + " " + operation + " failed", e);
        }
    }

    /** A success must be JSON (or empty) to be used; an error that is not (a proxy's HTML page) still has its status. */
    private JsonNode parse(byte[] answer, int status) throws IOException {
        if (answer.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(answer);
        } catch (IOException e) {
            if (status / 100 == 2) {
                throw e;
            }
            return json.createObjectNode();
        }
    }
}
