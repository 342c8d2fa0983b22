package cloud.patchmon.api.config;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoDbClients;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The storage adapter, built once per container. The local stack and LocalStack set an endpoint
 * override through {@code patchmon.storage.endpoint}; tests may replace the {@link Clock}.
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** From {@code patchmon.storage.*}, which default to the environment variables (see application.properties). */
    @Bean
    public StorageSettings storageSettings(@Value("${patchmon.storage.table}") String table,
                                           @Value("${patchmon.storage.endpoint:}") String endpoint,
                                           @Value("${patchmon.storage.region}") String region) {
        return new StorageSettings(table, endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint)), region);
    }

    @Bean
    public CapacityMeter capacityMeter() {
        return new CapacityMeter();
    }

    @Bean(destroyMethod = "close")
    public DynamoDbClient dynamoDbClient(StorageSettings settings, CapacityMeter meter) {
        return DynamoDbClients.create(settings, meter, System.getenv());
    }

    @Bean
    public ItemStore itemStore(DynamoDbClient client, StorageSettings settings, Clock clock) {
        return new DynamoItemStore(client, settings.tableName(), Json.newMapper(), clock);
    }
}
