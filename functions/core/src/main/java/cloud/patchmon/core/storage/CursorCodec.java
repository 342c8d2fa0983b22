package cloud.patchmon.core.storage;

import cloud.patchmon.core.storage.TableDesign.Index;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns DynamoDB's LastEvaluatedKey into an opaque URL-safe cursor and back. A cursor is
 * accepted only for the partition (hence the tenant) it was issued for, so a forged or borrowed
 * cursor can never start a query in another tenant's data.
 */
final class CursorCodec {

    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;

    CursorCodec(ObjectMapper json) {
        this.json = json;
    }

    String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        Map<String, String> plain = new LinkedHashMap<>();
        lastEvaluatedKey.forEach((name, value) -> plain.put(name, value.s()));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(plain));
        } catch (IOException e) {
            throw new IllegalStateException("cursor not serialisable", e);
        }
    }

    Map<String, AttributeValue> decode(String cursor, Index index, String expectedPartition) {
        Map<String, String> plain;
        try {
            plain = json.readValue(Base64.getUrlDecoder().decode(cursor), MAP);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidCursorException("malformed cursor");
        }
        Set<String> expectedNames = index == null
                ? Set.of(TableDesign.PARTITION_KEY, TableDesign.SORT_KEY)
                : Set.of(TableDesign.PARTITION_KEY, TableDesign.SORT_KEY, index.partitionAttribute(), index.sortAttribute());
        if (plain == null || !plain.keySet().equals(expectedNames) || plain.values().stream().anyMatch(v -> v == null)) {
            throw new InvalidCursorException("cursor does not match this query");
        }
        String partitionAttribute = index == null ? TableDesign.PARTITION_KEY : index.partitionAttribute();
        if (!expectedPartition.equals(plain.get(partitionAttribute))) {
            throw new InvalidCursorException("cursor does not match this query");
        }
        String tablePartition = plain.get(TableDesign.PARTITION_KEY);
        String tenantPrefix = expectedPartition.substring(0, expectedPartition.indexOf(ItemKey.SEPARATOR, ItemKey.TENANT_PREFIX.length()) + 1);
        if (!tablePartition.startsWith(tenantPrefix)) {
            throw new InvalidCursorException("cursor does not match this query");
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        plain.forEach((name, value) -> key.put(name, AttributeValue.fromS(value)));
        return key;
    }
}
