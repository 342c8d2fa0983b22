package cloud.patchmon.core.realtime;

import cloud.patchmon.core.aws.AwsResponse;
import cloud.patchmon.core.aws.AwsService;
import cloud.patchmon.core.aws.SignedJsonClient;
import cloud.patchmon.core.storage.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ConnectionGateway} on API Gateway's Management API: {@code POST <stage>/@connections/<id>} through a
 * {@link SignedJsonClient} for {@code execute-api}, because the generated {@code apigatewaymanagementapi} client is
 * not published at the SDK version the rest of the functions are pinned to (DESIGN.md).
 */
public final class ApiGatewayConnectionGateway implements ConnectionGateway {

    private static final int GONE = 410;

    private final SignedJsonClient client;

    /**
     * @param client signed for {@link AwsService#API_GATEWAY_MANAGEMENT} at the stage's callback URL, without retries:
     *               a push that fails is the channel's to handle
     */
    public ApiGatewayConnectionGateway(SignedJsonClient client) {
        this.client = client;
    }

    /**
     * @param callbackUrl the stage's {@code https://<api-id>.execute-api.<region>.amazonaws.com/<stage>}, never a
     *                    CloudFront name: the Management API answers only on the API's own host
     */
    public static ApiGatewayConnectionGateway create(URI callbackUrl, String region, AwsCredentialsProvider credentials) {
        return new ApiGatewayConnectionGateway(SignedJsonClient.forEndpoint(AwsService.API_GATEWAY_MANAGEMENT, callbackUrl, region,
                credentials, SignedJsonClient.Retries.NONE));
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
        AwsResponse answer = client.call("PostToConnection", SdkHttpMethod.POST, path(connectionId),
                Map.of("Content-Type", "application/json"), message.getBytes(StandardCharsets.UTF_8));
        if (answer.status() == GONE) {
            throw new ConnectionGoneException(connectionId);
        }
        answer.orThrow();
    }

    /** DeleteConnection: API Gateway closes the socket (the agent sees 1001) and sends the route its {@code $disconnect}. */
    @Override
    public void disconnect(String connectionId) {
        AwsResponse answer = client.call("DeleteConnection", SdkHttpMethod.DELETE, path(connectionId), Map.of(), null);
        if (answer.status() != GONE) {
            answer.orThrow();
        }
    }

    private static String path(String connectionId) {
        return "/@connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8);
    }
}
