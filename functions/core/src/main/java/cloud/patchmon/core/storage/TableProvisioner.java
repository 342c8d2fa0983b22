package cloud.patchmon.core.storage;

import cloud.patchmon.core.storage.TableDesign.Index;
import cloud.patchmon.core.storage.TableDesign.TableSpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates the table from its {@link TableSpec} where no CloudFormation does it: the local stack
 * and integration tests. Idempotent, so every start of the local stack may call it.
 */
public final class TableProvisioner {

    private final DynamoDbClient client;

    public TableProvisioner(DynamoDbClient client) {
        this.client = client;
    }

    /** @return whether the table was created by this call */
    public boolean ensure(TableSpec spec) {
        if (exists(spec.tableName())) {
            return false;
        }
        List<AttributeDefinition> attributes = new ArrayList<>();
        attributes.add(string(spec.partitionKey()));
        attributes.add(string(spec.sortKey()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Index index : spec.indexes()) {
            attributes.add(string(index.partitionAttribute()));
            attributes.add(string(index.sortAttribute()));
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.indexName())
                    .keySchema(hash(index.partitionAttribute()), range(index.sortAttribute()))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        try {
            client.createTable(CreateTableRequest.builder()
                    .tableName(spec.tableName())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes)
                    .keySchema(hash(spec.partitionKey()), range(spec.sortKey()))
                    .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                    .build());
        } catch (ResourceInUseException raced) {
            return false;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(spec.tableName()));
        client.updateTimeToLive(b -> b.tableName(spec.tableName())
                .timeToLiveSpecification(t -> t.attributeName(spec.ttlAttribute()).enabled(true)));
        return true;
    }

    private boolean exists(String tableName) {
        try {
            client.describeTable(b -> b.tableName(tableName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }
}
