package cloud.patchmon.core.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Credentials for every AWS client the functions build. */
public final class AwsCredentials {

    private AwsCredentials() {
    }

    /**
     * The SDK's default chain, except with an endpoint override (DynamoDB Local, LocalStack) and
     * no credentials in the environment: then fixed dummy ones, which those emulators accept.
     */
    public static AwsCredentialsProvider forEndpoint(Optional<URI> endpoint, Map<String, String> env) {
        if (endpoint.isPresent() && !env.containsKey("AWS_ACCESS_KEY_ID") && !env.containsKey("AWS_PROFILE")) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
