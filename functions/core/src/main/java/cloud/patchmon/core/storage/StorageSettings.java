package cloud.patchmon.core.storage;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the table lives. In Lambda only the table name is set (by CDK); locally and against
 * LocalStack an endpoint override points the SDK elsewhere.
 *
 * @param tableName the single table's name
 * @param endpoint  endpoint override (DynamoDB Local, LocalStack), empty for AWS
 * @param region    AWS region
 */
public record StorageSettings(String tableName, Optional<URI> endpoint, String region) {

    public static final String TABLE_VARIABLE = "PATCHMON_TABLE";
    public static final String ENDPOINT_VARIABLE = "PATCHMON_DYNAMODB_ENDPOINT";

    public StorageSettings {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("table name is required");
        }
    }

    /**
     * Reads {@code PATCHMON_TABLE}, then {@code PATCHMON_DYNAMODB_ENDPOINT}, the SDK's
     * {@code AWS_ENDPOINT_URL_DYNAMODB} or {@code AWS_ENDPOINT_URL}, and {@code AWS_REGION}.
     */
    public static StorageSettings fromEnvironment(Map<String, String> env) {
        String table = env.getOrDefault(TABLE_VARIABLE, TableDesign.DEFAULT_TABLE_NAME);
        Optional<URI> endpoint = firstPresent(env, ENDPOINT_VARIABLE, "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL")
                .map(URI::create);
        String region = firstPresent(env, "AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-east-1");
        return new StorageSettings(table, endpoint, region);
    }

    private static Optional<String> firstPresent(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
