package cloud.patchmon.core.storage;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

/**
 * Builds the one DynamoDB client a container uses. The URL-connection HTTP client keeps the
 * deployment small and survives SnapStart restore; with an endpoint override and no AWS
 * credentials in the environment (DynamoDB Local, LocalStack) fixed dummy credentials are used.
 */
public final class DynamoDbClients {

    private DynamoDbClients() {
    }

    public static DynamoDbClient create(StorageSettings settings, CapacityMeter meter, Map<String, String> env) {
        var builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .credentialsProvider(AwsCredentials.forEndpoint(settings.endpoint(), env))
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(meter).build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
