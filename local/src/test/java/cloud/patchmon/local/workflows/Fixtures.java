package cloud.patchmon.local.workflows;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** ASL fixtures under {@code asl/} in the test resources, and a store on a fresh DynamoDB Local table. */
final class Fixtures {

    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:";
    static final ObjectMapper JSON = Json.newMapper();

    private Fixtures() {
    }

    static String text(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("asl/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** name → definition for fixtures {@code <name>.asl.json}. */
    static Map<String, String> definitions(String... names) {
        Map<String, String> definitions = new LinkedHashMap<>();
        for (String name : names) {
            definitions.put(name, text(name + ".asl.json"));
        }
        return definitions;
    }

    static ItemStore store(DynamoDbLocal dynamo, StorageSettings table, Clock clock) {
        return new DynamoItemStore(dynamo.client(table, new CapacityMeter()), table.tableName(), JSON, clock);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
