package cloud.patchmon.api;

import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring test context at a fresh table in the JVM's DynamoDB Local. */
public final class ApiTestSupport {

    private ApiTestSupport() {
    }

    public static void freshTable(DynamicPropertyRegistry registry) {
        StorageSettings table = DynamoDbLocal.instance().newTable();
        registry.add("patchmon.storage.table", table::tableName);
        registry.add("patchmon.storage.endpoint", () -> table.endpoint().orElseThrow().toString());
        registry.add("patchmon.auth.bcrypt-cost", () -> "4");
    }
}
