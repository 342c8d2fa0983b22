package cloud.patchmon.core.realtime;

import cloud.patchmon.core.storage.AwsCredentials;
import cloud.patchmon.core.tenancy.TenantContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ConnectFollowUp} as an asynchronous Lambda Invoke ({@code X-Amz-Invocation-Type: Event}) of the agents
 * routes function's own alias, SigV4-signed for {@code lambda} with the SDK's signer like {@code EventBridgeEvents}:
 * the generated {@code lambda} client is not published at the SDK version the functions are pinned to (DESIGN.md).
 * Lambda queues the event (202) and the {@code $connect} returns at once; the invocation then finds the socket open.
 */
public final class LambdaConnectFollowUp implements ConnectFollowUp {

    /** The payload's marker: an event with it is a follow-up, not an API Gateway event. */
    public static final String MARKER = "patchmon_follow_up";
    public static final String DELIVER_PENDING = "deliver_pending";
    private static final Logger LOG = LoggerFactory.getLogger(LambdaConnectFollowUp.class);

    private final SdkHttpClient http;
    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final String functionName;
    private final String qualifier;
    private final ObjectMapper json;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param endpoint     {@code https://lambda.<region>.amazonaws.com} or an override
     * @param functionName the function to invoke (this one: {@code AWS_LAMBDA_FUNCTION_NAME})
     * @param qualifier    its alias, so the follow-up runs the same published version
     */
    public LambdaConnectFollowUp(SdkHttpClient http, URI endpoint, String region, AwsCredentialsProvider credentials,
                                 String functionName, String qualifier, ObjectMapper json) {
        this.http = http;
        this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
        this.region = region;
        this.credentials = credentials;
        this.functionName = functionName;
        this.qualifier = qualifier;
        this.json = json;
    }

    /** This function's own alias, endpoint {@code AWS_ENDPOINT_URL_LAMBDA}, else {@code AWS_ENDPOINT_URL}, else the region's. */
    public static LambdaConnectFollowUp create(Map<String, String> env, String region, String functionName, String qualifier,
                                               ObjectMapper json) {
        Optional<URI> override = Optional.ofNullable(env.get("AWS_ENDPOINT_URL_LAMBDA"))
                .or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL")))
                .filter(url -> !url.isBlank()).map(URI::create);
        return new LambdaConnectFollowUp(UrlConnectionHttpClient.create(),
                override.orElse(URI.create("https://lambda." + region + ".amazonaws.com")), region,
                AwsCredentials.forEndpoint(override, env), functionName, qualifier, json);
    }

    @Override
    public void afterConnect(TenantContext ctx, String hostId, Connection connection) {
        try {
            Map<String, String> payload = new LinkedHashMap<>();
            payload.put(MARKER, DELIVER_PENDING);
            payload.put("tenant_id", ctx.tenantId().value());
            payload.put("host_id", hostId);
            payload.put("connection_id", connection.connectionId());
            payload.put("api_id", connection.apiId());
            payload.put("stage", connection.stage());
            int status = invoke(json.writeValueAsBytes(payload));
            if (status != 202) {
                LOG.error("host {} of tenant {}: follow-up of connection {} refused by Lambda (HTTP {}); delayed jobs wait for the next connect",
                        hostId, ctx.tenantId(), connection.connectionId(), status);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("host {} of tenant {}: follow-up of connection {} not invoked; delayed jobs wait for the next connect",
                    hostId, ctx.tenantId(), connection.connectionId(), e);
        }
    }

    private int invoke(byte[] body) throws IOException {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(endpoint + "/2015-03-31/functions/" + URLEncoder.encode(functionName, StandardCharsets.UTF_8)
                        + "/invocations?Qualifier=" + URLEncoder.encode(qualifier, StandardCharsets.UTF_8)))
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Amz-Invocation-Type", "Event")
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build()).call();
        if (response.responseBody().isPresent()) {
            try (InputStream in = response.responseBody().get()) {
                in.readAllBytes();
            }
        }
        return response.httpResponse().statusCode();
    }
}
