package cloud.patchmon.core.storage;

import cloud.patchmon.core.storage.TableDesign.Index;
import cloud.patchmon.core.tenancy.TenantContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link ItemStore} on one DynamoDB table through the enhanced client's document API: values are
 * records mapped with Jackson, keys and bookkeeping attributes are added here and nowhere else.
 */
public final class DynamoItemStore implements ItemStore {

    private static final int MAX_TRANSACTION_ITEMS = 100;

    private static final String COUNTER_TYPE = "counter";
    private static final int BATCH_SIZE = 25;
    private static final int MAX_BATCH_GET = 100;
    private static final int MAX_BATCH_ATTEMPTS = 8;
    private static final String COUNTER_ATTRIBUTE = "count";
    private static final String PERIOD_ATTRIBUTE = "period";

    private final DynamoDbClient client;
    private final String tableName;
    private final DynamoDbTable<EnhancedDocument> table;
    private final ObjectMapper json;
    private final Clock clock;
    private final CursorCodec cursors;

    public DynamoItemStore(DynamoDbClient client, String tableName, ObjectMapper json, Clock clock) {
        this.client = client;
        this.tableName = tableName;
        this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build().table(tableName, schema());
        this.json = json;
        this.clock = clock;
        this.cursors = new CursorCodec(json);
    }

    private static TableSchema<EnhancedDocument> schema() {
        var builder = TableSchema.documentSchemaBuilder()
                .addIndexPartitionKey(TableMetadata.primaryIndexName(), TableDesign.PARTITION_KEY, AttributeValueType.S)
                .addIndexSortKey(TableMetadata.primaryIndexName(), TableDesign.SORT_KEY, AttributeValueType.S)
                .attributeConverterProviders(AttributeConverterProvider.defaultProvider());
        for (Index index : Index.values()) {
            builder.addIndexPartitionKey(index.indexName(), index.partitionAttribute(), AttributeValueType.S)
                    .addIndexSortKey(index.indexName(), index.sortAttribute(), AttributeValueType.S);
        }
        return builder.build();
    }

    @Override
    public void put(TenantContext ctx, Item<?> item) {
        table.putItem(toDocument(ctx, item));
    }

    @Override
    public boolean putIfAbsent(TenantContext ctx, Item<?> item) {
        try {
            table.putItem(PutItemEnhancedRequest.builder(EnhancedDocument.class)
                    .item(toDocument(ctx, item))
                    .conditionExpression(notExists())
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean replaceIf(TenantContext ctx, Item<?> item, String attribute, Object expected) {
        Expression condition;
        if (expected == null) {
            condition = Expression.builder().expression("attribute_not_exists(#a)").putExpressionName("#a", attribute).build();
        } else {
            AttributeValue value = expected instanceof Number n ? AttributeValue.fromN(n.toString()) : AttributeValue.fromS(expected.toString());
            condition = Expression.builder().expression("#a = :v").putExpressionName("#a", attribute).putExpressionValue(":v", value).build();
        }
        try {
            table.putItem(PutItemEnhancedRequest.builder(EnhancedDocument.class).item(toDocument(ctx, item)).conditionExpression(condition).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public <T> Optional<T> get(TenantContext ctx, ItemKey key, Class<T> type) {
        requireOwned(ctx, key);
        EnhancedDocument doc = table.getItem(GetItemEnhancedRequest.builder()
                .key(primaryKey(key))
                .consistentRead(true)
                .build());
        if (doc == null || isExpired(doc)) {
            return Optional.empty();
        }
        return Optional.of(fromDocument(doc, type));
    }

    @Override
    public <T> Page<T> query(TenantContext ctx, QuerySpec spec, Class<T> type) {
        String pk = ItemKey.partitionKey(ctx.tenantId(), spec.partition());
        Key key = Key.builder().partitionValue(pk).build();
        QueryConditional condition = spec.sortPrefix().isEmpty()
                ? QueryConditional.keyEqualTo(key)
                : QueryConditional.sortBeginsWith(Key.builder().partitionValue(pk).sortValue(spec.sortPrefix()).build());
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(condition)
                .limit(spec.limit())
                .scanIndexForward(spec.ascending())
                .filterExpression(notExpired());
        if (spec.cursor() != null) {
            request.exclusiveStartKey(cursors.decode(spec.cursor(), spec.index(), pk));
        }
        SdkIterable<software.amazon.awssdk.enhanced.dynamodb.model.Page<EnhancedDocument>> pages =
                spec.index() == null ? table.query(request.build()) : table.index(spec.index().indexName()).query(request.build());
        Iterator<software.amazon.awssdk.enhanced.dynamodb.model.Page<EnhancedDocument>> it = pages.iterator();
        if (!it.hasNext()) {
            return new Page<>(List.of(), Optional.empty());
        }
        var page = it.next();
        List<T> items = page.items().stream().map(doc -> fromDocument(doc, type)).toList();
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        Optional<String> next = last == null || last.isEmpty() ? Optional.empty() : Optional.of(cursors.encode(last));
        return new Page<>(items, next);
    }

    @Override
    public List<ItemKey> keys(TenantContext ctx, String partition) {
        String pk = ItemKey.partitionKey(ctx.tenantId(), partition);
        List<ItemKey> keys = new java.util.ArrayList<>();
        for (var page : table.query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(pk).build()))
                .attributesToProject(TableDesign.PARTITION_KEY, TableDesign.SORT_KEY)
                .build())) {
            page.items().forEach(doc -> keys.add(new ItemKey(doc.getString(TableDesign.PARTITION_KEY), doc.getString(TableDesign.SORT_KEY))));
        }
        return keys;
    }

    @Override
    public boolean delete(TenantContext ctx, ItemKey key) {
        requireOwned(ctx, key);
        EnhancedDocument old = table.deleteItem(primaryKey(key));
        return old != null && !isExpired(old);
    }

    @Override
    public boolean deleteIf(TenantContext ctx, ItemKey key, String attribute, String expected) {
        requireOwned(ctx, key);
        Expression condition = Expression.builder().expression("#a = :v").putExpressionName("#a", attribute)
                .putExpressionValue(":v", AttributeValue.fromS(expected)).build();
        try {
            EnhancedDocument old = table.deleteItem(DeleteItemEnhancedRequest.builder().key(primaryKey(key)).conditionExpression(condition).build());
            return old != null && !isExpired(old);
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public <T> Optional<T> take(TenantContext ctx, ItemKey key, Class<T> type) {
        requireOwned(ctx, key);
        Expression condition = Expression.builder()
                .expression("attribute_exists(#pk) AND (attribute_not_exists(#ttl) OR #ttl > :now)")
                .putExpressionName("#pk", TableDesign.PARTITION_KEY)
                .putExpressionName("#ttl", TableDesign.TTL_ATTRIBUTE)
                .putExpressionValue(":now", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond())))
                .build();
        try {
            EnhancedDocument old = table.deleteItem(DeleteItemEnhancedRequest.builder().key(primaryKey(key)).conditionExpression(condition).build());
            return old == null ? Optional.empty() : Optional.of(fromDocument(old, type));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public long increment(TenantContext ctx, ItemKey key, long delta, Instant expiresAt) {
        requireOwned(ctx, key);
        AttributeValue d = AttributeValue.fromN(Long.toString(delta));
        AttributeValue type = AttributeValue.fromS(COUNTER_TYPE);
        AttributeValue ttl = AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()));
        AttributeValue now = AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond()));
        Map<String, String> names = Map.of("#n", COUNTER_ATTRIBUTE, "#ttl", TableDesign.TTL_ATTRIBUTE, "#type", TableDesign.TYPE_ATTRIBUTE);
        try {
            return counter(UpdateItemRequest.builder()
                    .updateExpression("SET #type = :type, #ttl = if_not_exists(#ttl, :ttl) ADD #n :d")
                    .conditionExpression("attribute_not_exists(#ttl) OR #ttl > :now")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":d", d, ":type", type, ":ttl", ttl, ":now", now)), key);
        } catch (ConditionalCheckFailedException expired) {
            // The window ended but the TTL sweep has not removed the item yet: start a new one.
            return counter(UpdateItemRequest.builder()
                    .updateExpression("SET #type = :type, #ttl = :ttl, #n = :d")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":d", d, ":type", type, ":ttl", ttl)), key);
        }
    }

    @Override
    public OptionalLong addInPeriod(TenantContext ctx, ItemKey key, String type, String period, long delta, long ceiling, Map<String, String> set) {
        requireOwned(ctx, key);
        Map<String, String> names = new java.util.HashMap<>(Map.of("#n", COUNTER_ATTRIBUTE, "#p", PERIOD_ATTRIBUTE, "#type", TableDesign.TYPE_ATTRIBUTE));
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(
                ":d", AttributeValue.fromN(Long.toString(delta)),
                ":p", AttributeValue.fromS(period),
                ":type", AttributeValue.fromS(type),
                ":room", AttributeValue.fromN(java.math.BigInteger.valueOf(ceiling).subtract(java.math.BigInteger.valueOf(delta)).toString())));
        StringBuilder sets = new StringBuilder("#type = :type");
        int i = 0;
        for (Map.Entry<String, String> e : set.entrySet()) {
            checkAttribute(e.getKey());
            names.put("#s" + i, e.getKey());
            values.put(":s" + i, AttributeValue.fromS(e.getValue()));
            sets.append(", #s").append(i).append(" = :s").append(i);
            i++;
        }
        OptionalLong added = addInSamePeriod(key, sets, names, values);
        if (added.isPresent() || delta < 0 || delta > ceiling) {
            return added;
        }
        Map<String, AttributeValue> restartValues = new java.util.HashMap<>(values);
        restartValues.remove(":room");
        try {
            return OptionalLong.of(counter(UpdateItemRequest.builder()
                    .updateExpression("SET " + sets + ", #p = :p, #n = :d")
                    .conditionExpression("attribute_not_exists(#p) OR #p <> :p")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(restartValues), key));
        } catch (ConditionalCheckFailedException samePeriod) {
            // Another writer started the period between the two requests: count in it after all.
            return addInSamePeriod(key, sets, names, values);
        }
    }

    private OptionalLong addInSamePeriod(ItemKey key, CharSequence sets, Map<String, String> names, Map<String, AttributeValue> values) {
        try {
            return OptionalLong.of(counter(UpdateItemRequest.builder()
                    .updateExpression("SET " + sets + " ADD #n :d")
                    .conditionExpression("#p = :p AND #n <= :room")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values), key));
        } catch (ConditionalCheckFailedException fullOrOtherPeriod) {
            return OptionalLong.empty();
        }
    }

    @Override
    public Map<String, Long> adjust(TenantContext ctx, ItemKey key, String type, Map<String, Long> add, Map<String, String> set) {
        requireOwned(ctx, key);
        return added(client.updateItem(adjustment(key, type, add, set, null).build()).attributes(), add);
    }

    @Override
    public Map<String, Long> adjust(TenantContext ctx, ItemKey key, String type, Map<String, Long> add, Map<String, String> set, HighWater mark) {
        requireOwned(ctx, key);
        try {
            return added(client.updateItem(adjustment(key, type, add, set, mark).build()).attributes(), add);
        } catch (ConditionalCheckFailedException lower) {
            return added(client.updateItem(adjustment(key, type, add, set, null).build()).attributes(), add);
        }
    }

    @Override
    public void removeZeroes(TenantContext ctx, ItemKey key, List<String> attributes) {
        requireOwned(ctx, key);
        for (String attribute : attributes) {
            checkAttribute(attribute);
            try {
                client.updateItem(UpdateItemRequest.builder().tableName(tableName)
                        .key(Map.of(TableDesign.PARTITION_KEY, AttributeValue.fromS(key.pk()), TableDesign.SORT_KEY, AttributeValue.fromS(key.sk())))
                        .updateExpression("REMOVE #a").conditionExpression("#a = :zero")
                        .expressionAttributeNames(Map.of("#a", attribute)).expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0")))
                        .build());
            } catch (ConditionalCheckFailedException raised) {
                // Another writer counted something there meanwhile: the attribute is still needed.
            }
        }
    }

    /** The added attributes' new values from an UPDATED_NEW response (which also holds the SET ones). */
    private static Map<String, Long> added(Map<String, AttributeValue> updated, Map<String, Long> add) {
        Map<String, Long> values = new java.util.LinkedHashMap<>();
        for (String name : add.keySet()) {
            AttributeValue value = updated == null ? null : updated.get(name);
            values.put(name, value == null || value.n() == null ? 0L : Long.parseLong(value.n()));
        }
        return values;
    }

    private UpdateItemRequest.Builder adjustment(ItemKey key, String type, Map<String, Long> add, Map<String, String> set, HighWater mark) {
        Map<String, String> names = new java.util.HashMap<>();
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        names.put("#type", TableDesign.TYPE_ATTRIBUTE);
        values.put(":type", AttributeValue.fromS(type));
        StringBuilder sets = new StringBuilder("SET #type = :type");
        Map<String, String> assigned = new java.util.LinkedHashMap<>(set);
        if (mark != null) {
            assigned.put(mark.attribute(), mark.value());
            assigned.putAll(mark.with());
        }
        int i = 0;
        for (Map.Entry<String, String> e : assigned.entrySet()) {
            checkAttribute(e.getKey());
            if (e.getValue() != null) {
                names.put("#s" + i, e.getKey());
                values.put(":s" + i, AttributeValue.fromS(e.getValue()));
                sets.append(", #s").append(i).append(" = :s").append(i);
                i++;
            }
        }
        StringBuilder adds = new StringBuilder();
        int j = 0;
        for (Map.Entry<String, Long> e : add.entrySet()) {
            checkAttribute(e.getKey());
            names.put("#a" + j, e.getKey());
            values.put(":a" + j, AttributeValue.fromN(Long.toString(e.getValue())));
            adds.append(j == 0 ? " ADD " : ", ").append("#a").append(j).append(" :a").append(j);
            j++;
        }
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(tableName)
                .key(Map.of(TableDesign.PARTITION_KEY, AttributeValue.fromS(key.pk()), TableDesign.SORT_KEY, AttributeValue.fromS(key.sk())))
                .updateExpression(sets + adds.toString())
                .returnValues(ReturnValue.UPDATED_NEW);
        if (mark != null) {
            checkAttribute(mark.restartCounter());
            names.put("#mark", mark.attribute());
            names.put("#restart", mark.restartCounter());
            values.put(":mark", AttributeValue.fromS(mark.value()));
            values.put(":zero", AttributeValue.fromN("0"));
            request.conditionExpression("attribute_not_exists(#mark) OR #mark <= :mark OR #restart <= :zero");
        }
        return request.expressionAttributeNames(names).expressionAttributeValues(values);
    }

    private static void checkAttribute(String name) {
        if (TableDesign.isReserved(name)) {
            throw new IllegalArgumentException("attribute name reserved by the store: " + name);
        }
    }

    private long counter(UpdateItemRequest.Builder request, ItemKey key) {
        request.tableName(tableName)
                .key(Map.of(TableDesign.PARTITION_KEY, AttributeValue.fromS(key.pk()), TableDesign.SORT_KEY, AttributeValue.fromS(key.sk())))
                .returnValues(ReturnValue.UPDATED_NEW);
        return Long.parseLong(client.updateItem(request.build()).attributes().get(COUNTER_ATTRIBUTE).n());
    }

    @Override
    public void writeAll(TenantContext ctx, List<Item<?>> puts, List<ItemKey> deletes) {
        List<WriteRequest> requests = new java.util.ArrayList<>();
        for (Item<?> item : puts) {
            requests.add(WriteRequest.builder().putRequest(p -> p.item(toDocument(ctx, item).toMap())).build());
        }
        for (ItemKey key : deletes) {
            requireOwned(ctx, key);
            requests.add(WriteRequest.builder().deleteRequest(d -> d.key(Map.of(
                    TableDesign.PARTITION_KEY, AttributeValue.fromS(key.pk()), TableDesign.SORT_KEY, AttributeValue.fromS(key.sk())))).build());
        }
        for (int from = 0; from < requests.size(); from += BATCH_SIZE) {
            List<WriteRequest> batch = requests.subList(from, Math.min(requests.size(), from + BATCH_SIZE));
            Map<String, List<WriteRequest>> pending = Map.of(tableName, batch);
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt == MAX_BATCH_ATTEMPTS) {
                    throw new IllegalStateException("DynamoDB kept items unprocessed after " + MAX_BATCH_ATTEMPTS + " attempts");
                }
                if (attempt > 0) {
                    // Unprocessed items mean throttling: back off before asking again.
                    java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(50L << Math.min(attempt, 6)).toNanos());
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = client.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }

    @Override
    public void transact(TenantContext ctx, List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        if (writes.size() > MAX_TRANSACTION_ITEMS) {
            throw new IllegalArgumentException("a transaction takes at most " + MAX_TRANSACTION_ITEMS + " items");
        }
        List<TransactWriteItem> items = new java.util.ArrayList<>();
        for (Write write : writes) {
            if (write instanceof Write.Put put) {
                Put.Builder builder = Put.builder().tableName(tableName).item(toDocument(ctx, put.item()).toMap());
                if (put.mustNotExist()) {
                    condition(notExists(), builder::conditionExpression, builder::expressionAttributeNames, builder::expressionAttributeValues);
                }
                items.add(TransactWriteItem.builder().put(builder.build()).build());
            } else if (write instanceof Write.PutIf put) {
                Put.Builder builder = Put.builder().tableName(tableName).item(toDocument(ctx, put.item()).toMap());
                condition(holds(put.attribute(), put.expected()), builder::conditionExpression, builder::expressionAttributeNames,
                        builder::expressionAttributeValues);
                items.add(TransactWriteItem.builder().put(builder.build()).build());
            } else if (write instanceof Write.DeleteIf delete) {
                requireOwned(ctx, delete.key());
                Delete.Builder builder = Delete.builder().tableName(tableName).key(keyAttributes(delete.key()));
                condition(holds(delete.attribute(), delete.expected()), builder::conditionExpression, builder::expressionAttributeNames,
                        builder::expressionAttributeValues);
                items.add(TransactWriteItem.builder().delete(builder.build()).build());
            } else if (write instanceof Write.Delete delete) {
                requireOwned(ctx, delete.key());
                Delete.Builder builder = Delete.builder().tableName(tableName).key(keyAttributes(delete.key()));
                if (delete.mustExist()) {
                    builder.conditionExpression("attribute_exists(#pk)").expressionAttributeNames(Map.of("#pk", TableDesign.PARTITION_KEY));
                }
                items.add(TransactWriteItem.builder().delete(builder.build()).build());
            } else if (write instanceof Write.Add add) {
                requireOwned(ctx, add.key());
                UpdateItemRequest adjustment = adjustment(add.key(), add.type(), add.add(), Map.of(), null).build();
                items.add(TransactWriteItem.builder().update(Update.builder().tableName(tableName).key(adjustment.key())
                        .updateExpression(adjustment.updateExpression())
                        .expressionAttributeNames(adjustment.expressionAttributeNames())
                        .expressionAttributeValues(adjustment.expressionAttributeValues()).build()).build());
            }
        }
        try {
            client.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            throw new ConditionFailedException("transaction cancelled: a condition did not hold", e);
        }
    }

    private static void condition(Expression expression, java.util.function.Consumer<String> text,
                                  java.util.function.Consumer<Map<String, String>> names,
                                  java.util.function.Consumer<Map<String, AttributeValue>> values) {
        text.accept(expression.expression());
        if (expression.expressionNames() != null && !expression.expressionNames().isEmpty()) {
            names.accept(expression.expressionNames());
        }
        if (expression.expressionValues() != null && !expression.expressionValues().isEmpty()) {
            values.accept(expression.expressionValues());
        }
    }

    private static Map<String, AttributeValue> keyAttributes(ItemKey key) {
        return Map.of(TableDesign.PARTITION_KEY, AttributeValue.fromS(key.pk()), TableDesign.SORT_KEY, AttributeValue.fromS(key.sk()));
    }

    @Override
    public <T> List<T> getAll(TenantContext ctx, List<ItemKey> keys, Class<T> type) {
        keys.forEach(key -> requireOwned(ctx, key));
        Map<ItemKey, T> found = new java.util.HashMap<>();
        List<ItemKey> distinct = keys.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += MAX_BATCH_GET) {
            List<Map<String, AttributeValue>> pending = distinct.subList(from, Math.min(distinct.size(), from + MAX_BATCH_GET)).stream()
                    .map(DynamoItemStore::keyAttributes).toList();
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt == MAX_BATCH_ATTEMPTS) {
                    throw new IllegalStateException("DynamoDB kept keys unprocessed after " + MAX_BATCH_ATTEMPTS + " attempts");
                }
                if (attempt > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(50L << Math.min(attempt, 6)).toNanos());
                }
                List<Map<String, AttributeValue>> request = pending;
                var response = client.batchGetItem(b -> b.requestItems(Map.of(tableName,
                        KeysAndAttributes.builder().keys(request).consistentRead(false).build())));
                for (Map<String, AttributeValue> attributes : response.responses().getOrDefault(tableName, List.of())) {
                    EnhancedDocument doc = EnhancedDocument.fromAttributeValueMap(attributes);
                    if (!isExpired(doc)) {
                        found.put(new ItemKey(doc.getString(TableDesign.PARTITION_KEY), doc.getString(TableDesign.SORT_KEY)), fromDocument(doc, type));
                    }
                }
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(tableName);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
            }
        }
        return keys.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    private EnhancedDocument toDocument(TenantContext ctx, Item<?> item) {
        requireOwned(ctx, item.key());
        JsonNode tree = json.valueToTree(item.value());
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("an item value must serialise to a JSON object");
        }
        object.fieldNames().forEachRemaining(name -> {
            if (TableDesign.isReserved(name)) {
                throw new IllegalArgumentException("attribute name reserved by the store: " + name);
            }
        });
        EnhancedDocument.Builder doc = EnhancedDocument.builder()
                .attributeConverterProviders(AttributeConverterProvider.defaultProvider())
                .json(writeJson(object))
                .putString(TableDesign.PARTITION_KEY, item.key().pk())
                .putString(TableDesign.SORT_KEY, item.key().sk())
                .putString(TableDesign.TYPE_ATTRIBUTE, item.type());
        item.indexKeys().forEach((index, key) -> {
            requireOwned(ctx, key);
            doc.putString(index.partitionAttribute(), key.pk());
            doc.putString(index.sortAttribute(), key.sk());
        });
        if (item.expiresAt() != null) {
            doc.putNumber(TableDesign.TTL_ATTRIBUTE, item.expiresAt().getEpochSecond());
        }
        return doc.build();
    }

    private <T> T fromDocument(EnhancedDocument doc, Class<T> type) {
        try {
            ObjectNode tree = (ObjectNode) json.readTree(doc.toJson());
            tree.remove(TableDesign.PARTITION_KEY);
            tree.remove(TableDesign.SORT_KEY);
            tree.remove(TableDesign.TYPE_ATTRIBUTE);
            tree.remove(TableDesign.TTL_ATTRIBUTE);
            for (Index index : Index.values()) {
                tree.remove(index.partitionAttribute());
                tree.remove(index.sortAttribute());
            }
            return json.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored item does not map to " + type.getSimpleName(), e);
        }
    }

    private String writeJson(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("item value is not serialisable", e);
        }
    }

    private boolean isExpired(EnhancedDocument doc) {
        if (!doc.isPresent(TableDesign.TTL_ATTRIBUTE) || doc.isNull(TableDesign.TTL_ATTRIBUTE)) {
            return false;
        }
        return doc.getNumber(TableDesign.TTL_ATTRIBUTE).longValue() <= clock.instant().getEpochSecond();
    }

    private Expression notExpired() {
        return Expression.builder()
                .expression("attribute_not_exists(#ttl) OR #ttl > :now")
                .putExpressionName("#ttl", TableDesign.TTL_ATTRIBUTE)
                .putExpressionValue(":now", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond())))
                .build();
    }

    /** The item exists and {@code attribute} equals {@code expected} (or is absent, for {@code null}). */
    private static Expression holds(String attribute, Object expected) {
        Expression.Builder condition = Expression.builder().putExpressionName("#pk", TableDesign.PARTITION_KEY).putExpressionName("#a", attribute);
        if (expected == null) {
            return condition.expression("attribute_exists(#pk) AND attribute_not_exists(#a)").build();
        }
        AttributeValue value = expected instanceof Number n ? AttributeValue.fromN(n.toString()) : AttributeValue.fromS(expected.toString());
        return condition.expression("attribute_exists(#pk) AND #a = :v").putExpressionValue(":v", value).build();
    }

    private static Expression notExists() {
        return Expression.builder()
                .expression("attribute_not_exists(#pk)")
                .putExpressionName("#pk", TableDesign.PARTITION_KEY)
                .build();
    }

    private static Key primaryKey(ItemKey key) {
        return Key.builder().partitionValue(key.pk()).sortValue(key.sk()).build();
    }

    private static void requireOwned(TenantContext ctx, ItemKey key) {
        Objects.requireNonNull(key, "key");
        if (!key.belongsTo(ctx.tenantId())) {
            throw new IllegalArgumentException("key does not belong to the acting tenant");
        }
    }
}
