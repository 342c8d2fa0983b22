package cloud.patchmon.core.realtime;

import cloud.patchmon.core.storage.AwsCredentials;
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
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ConnectionGateway} on API Gateway's Management API: {@code POST <stage>/@connections/<id>}, SigV4-signed for
 * {@code execute-api}. Signed by hand with the SDK's signer rather than through the generated
 * {@code apigatewaymanagementapi} client because that module is not published at the SDK version the rest of the
 * functions are pinned to (DESIGN.md), and mixing SDK versions in one package is unsupported.
 */
public final class ApiGatewayConnectionGateway implements ConnectionGateway {

    private static final int GONE = 410;

    private final SdkHttpClient http;
    private final URI callbackUrl;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param callbackUrl the stage's {@code https://<api-id>.execute-api.<region>.amazonaws.com/<stage>}, never a
     *                    CloudFront name: the Management API answers only on the API's own host
     */
    public ApiGatewayConnectionGateway(SdkHttpClient http, URI callbackUrl, String region, AwsCredentialsProvider credentials) {
        this.http = http;
        this.callbackUrl = URI.create(callbackUrl.toString().replaceAll("/+$", ""));
        this.region = region;
        this.credentials = credentials;
    }

    public static ApiGatewayConnectionGateway create(URI callbackUrl, String region, AwsCredentialsProvider credentials) {
        return new ApiGatewayConnectionGateway(UrlConnectionHttpClient.create(), callbackUrl, region, credentials);
    }

    /**
     * The Management API whose callback URL the stack put in a function's environment under {@code variable}; a
     * gateway that fails every send ({@link ConnectionGateway#unconfigured}) when it is unset.
     */
    public static ConnectionGateway fromEnvironment(Map<String, String> env, String region, String variable) {
        String url = env.getOrDefault(variable, "");
        if (url.isBlank()) {
            return ConnectionGateway.unconfigured(variable);
        }
        return create(URI.create(url), region, AwsCredentials.forEndpoint(Optional.empty(), env));
    }

    @Override
    public void post(String connectionId, String message) {
        int status = call(SdkHttpMethod.POST, connectionId, message.getBytes(StandardCharsets.UTF_8));
        if (status == GONE) {
            throw new ConnectionGoneException(connectionId);
        }
        if (status / 100 != 2) {
            throw new IllegalStateException("PostToConnection answered HTTP " + status);
        }
    }

    /** DeleteConnection: API Gateway closes the socket (the agent sees 1001) and sends the route its {@code $disconnect}. */
    @Override
    public void disconnect(String connectionId) {
        int status = call(SdkHttpMethod.DELETE, connectionId, null);
        if (status != GONE && status / 100 != 2) {
            throw new IllegalStateException("DeleteConnection answered HTTP " + status);
        }
    }

    private int call(SdkHttpMethod method, String connectionId, byte[] body) {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
                .method(method)
                .uri(URI.create(callbackUrl + "/@connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8)));
        if (body != null) {
            builder.putHeader("Content-Type", "application/json");
        }
        SdkHttpRequest request = builder.build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            if (response.responseBody().isPresent()) {
                response.responseBody().get().close();
            }
            return response.httpResponse().statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " @connections failed", e);
        }
    }
}
