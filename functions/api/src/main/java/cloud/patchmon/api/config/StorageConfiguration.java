package cloud.patchmon.api.config;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoDbClients;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * The AWS adapters, built once per container. The local stack and tests replace
 * {@link StorageSettings} (endpoint override) or the {@link Clock}; nothing else differs.
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    public StorageSettings storageSettings() {
        return StorageSettings.fromEnvironment(System.getenv());
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
