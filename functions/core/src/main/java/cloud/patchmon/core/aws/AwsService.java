package cloud.patchmon.core.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * An AWS service as {@link SignedJsonClient} addresses it: the name SigV4 signs for, the host prefix of its regional
 * endpoint, and the SDK's per-service endpoint override variable ({@code AWS_ENDPOINT_URL_<SERVICE ID>}).
 *
 * @param name             how messages name it
 * @param signingName      the SigV4 service name ({@code states}, not {@code sfn})
 * @param endpointPrefix   {@code https://<prefix>.<region>.amazonaws.com}
 * @param endpointVariable the SDK's override variable for this service, taking precedence over {@code AWS_ENDPOINT_URL}
 */
public record AwsService(String name, String signingName, String endpointPrefix, String endpointVariable) {

    public static final AwsService STEP_FUNCTIONS = new AwsService("Step Functions", "states", "states", "AWS_ENDPOINT_URL_SFN");
    public static final AwsService EVENTBRIDGE = new AwsService("EventBridge", "events", "events", "AWS_ENDPOINT_URL_EVENTBRIDGE");
    public static final AwsService LAMBDA = new AwsService("Lambda", "lambda", "lambda", "AWS_ENDPOINT_URL_LAMBDA");
    /** Its endpoint is always a WebSocket stage's callback URL, so it has no regional endpoint of its own. */
    public static final AwsService API_GATEWAY_MANAGEMENT = new AwsService("API Gateway Management API", "execute-api",
            "execute-api", "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI");

    /** The endpoint override the environment names for this service (LocalStack), as the SDK's clients would read it. */
    public Optional<URI> override(Map<String, String> env) {
        return Optional.ofNullable(env.get(endpointVariable)).filter(url -> !url.isBlank())
                .or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).filter(url -> !url.isBlank()))
                .map(URI::create);
    }

    public URI regionalEndpoint(String region) {
        return URI.create("https://" + endpointPrefix + "." + region + ".amazonaws.com");
    }
}
