package cloud.patchmon.core.bench;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.tenancy.TenantId;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * {@code ./patchmon bench storage}: what one ItemStore operation costs in DynamoDB request units
 * (exact, from ReturnConsumedCapacity) and how long it takes against DynamoDB Local over loopback
 * (latency percentiles; DynamoDB Local is far slower than DynamoDB, so only relative figures
 * between operations carry over).
 */
public final class StorageBench {

    record PackageRow(String name, String version, String availableVersion, boolean security, Instant lastSeen) {
    }

    private static final int WARMUP = 300;
    private static final int MEASURED = 2000;

    public static void main(String[] args) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        try (DynamoDbLocal dynamo = DynamoDbLocal.instance()) {
            run(dynamo);
        }
    }

    private static void run(DynamoDbLocal dynamo) {
        StorageSettings settings = dynamo.newTable();
        CapacityMeter meter = new CapacityMeter();
        try (DynamoDbClient client = dynamo.client(settings, meter)) {
            DynamoItemStore store = new DynamoItemStore(client, settings.tableName(), Json.newMapper(), Clock.systemUTC());
            TenantContext ctx = TenantContext.system(new TenantId("bench"), "bench");
            Instant now = Instant.now();

            System.out.println("operation                     units/op   p50 ms   p95 ms   p99 ms   ops/s");
            measure("put (package row, ~150 B)", meter, i -> store.put(ctx, row(ctx, i, now)));
            measure("putIfAbsent (existing key)", meter, i -> store.putIfAbsent(ctx, row(ctx, i % 100, now)));
            measure("get (strongly consistent)", meter, i -> store.get(ctx, ItemKey.of(ctx, "HOST#h1", "PKG#" + pad(i % 1000)), PackageRow.class));
            measure("query page of 100 rows", meter, i -> store.query(ctx, QuerySpec.partition("HOST#h1").sortBeginsWith("PKG#").limit(100), PackageRow.class));
            measure("put (4 KB item)", meter, i -> store.put(ctx, Item.of(ItemKey.of(ctx, "BIG", "B#" + i), "big",
                    new PackageRow("x".repeat(4000), "1", "2", false, now))));
        }
    }

    private static Item<PackageRow> row(TenantContext ctx, int i, Instant now) {
        return Item.of(ItemKey.of(ctx, "HOST#h1", "PKG#" + pad(i % 1000)), "host_package",
                new PackageRow("package-" + i, "1.2.3-1", "1.2.4-1", i % 7 == 0, now));
    }

    private static String pad(int i) {
        return String.format(Locale.ROOT, "%05d", i);
    }

    private static void measure(String name, CapacityMeter meter, IntConsumer operation) {
        for (int i = 0; i < WARMUP; i++) {
            operation.accept(i);
        }
        long[] nanos = new long[MEASURED];
        double units;
        long started = System.nanoTime();
        try (CapacityMeter.Scope scope = meter.open()) {
            for (int i = 0; i < MEASURED; i++) {
                long t = System.nanoTime();
                operation.accept(WARMUP + i);
                nanos[i] = System.nanoTime() - t;
            }
            CapacityMeter.Tally tally = scope.tally();
            units = (tally.readUnits() + tally.writeUnits()) / MEASURED;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-28s %9.2f %8.2f %8.2f %8.2f %7.0f%n", name, units,
                nanos[MEASURED / 2] / 1e6, nanos[MEASURED * 95 / 100] / 1e6, nanos[MEASURED * 99 / 100] / 1e6, MEASURED / seconds);
    }
}
