package cloud.patchmon.core.realtime;

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

    @Override
    public void post(String connectionId, String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(callbackUrl + "/@connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8)))
                .putHeader("Content-Type", "application/json")
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
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
            int status = response.httpResponse().statusCode();
            if (status == GONE) {
                throw new ConnectionGoneException(connectionId);
            }
            if (status / 100 != 2) {
                throw new IllegalStateException("PostToConnection answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PostToConnection failed", e);
        }
    }
}
