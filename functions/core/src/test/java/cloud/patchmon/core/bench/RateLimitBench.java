package cloud.patchmon.core.bench;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.ratelimit.Limit;
import cloud.patchmon.core.ratelimit.RateLimits;
import cloud.patchmon.core.ratelimit.RequestLimits;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * {@code ./patchmon bench ratelimit}: what the request limits add to one API request, in DynamoDB
 * request units (exact, from ReturnConsumedCapacity) and latency against DynamoDB Local over
 * loopback: an allowed request (one counter increment), a refused one (answered from the
 * container's memory once its counter is known to be over), and the tenant-settings read the
 * per-container cache makes at most every 30 seconds per tenant.
 */
public final class RateLimitBench {

    private static final int WARMUP = 300;
    private static final int MEASURED = 2000;

    public static void main(String[] args) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        try (DynamoDbLocal dynamo = DynamoDbLocal.instance()) {
            StorageSettings settings = dynamo.newTable();
            CapacityMeter meter = new CapacityMeter();
            try (DynamoDbClient client = dynamo.client(settings, meter)) {
                DynamoItemStore store = new DynamoItemStore(client, settings.tableName(), Json.newMapper(), Clock.systemUTC());
                RequestLimits limits = new RequestLimits(store, Clock.systemUTC(), RequestLimits.ServerLimits.defaults());
                TenantContext acme = TenantContext.system(new TenantId("acme"), "bench");
                // A tiny limit for the refused path: the first request over it writes, the rest must not.
                RequestLimits strict = new RequestLimits(store, Clock.systemUTC(), new RequestLimits.ServerLimits(
                        Limit.of(1, Duration.ofHours(1)), Limit.of(1, Duration.ofHours(1)), RateLimits.defaults()));
                limits.limits(acme);

                System.out.println("operation                              units/op   calls/op   p50 ms   p95 ms   p99 ms   ops/s");
                // The same machine's cost of a plain small put, so the figures read relative to it under any load.
                measure("reference: put of a ~100 B item", meter, i -> store.put(acme, cloud.patchmon.core.storage.Item.of(
                        cloud.patchmon.core.storage.ItemKey.of(acme, "BENCH", "P#" + (i % 1000)), "bench", java.util.Map.of("n", i))));
                measure("allowed: tenant user, one address", meter, i -> limits.tenantClient(acme, "192.0.2.1"));
                measure("allowed: agent, 2,000 credentials", meter, i -> limits.agent(acme, "host-" + (i % 2000)));
                measure("allowed: anonymous, new address each", meter, i -> limits.anonymous("10.0." + (i / 250) + "." + (i % 250)));
                measure("refused (counter known over)", meter, i -> refused(() -> strict.anonymous("198.51.100.1")));
                measure("tenant settings read (cache miss)", meter, i -> new RequestLimits(store, Clock.systemUTC(),
                        RequestLimits.ServerLimits.defaults()).limits(acme));
            }
        }
    }

    private static void refused(Runnable request) {
        try {
            request.run();
        } catch (DomainException expected) {
            // Refused is the case measured.
        }
    }

    private static void measure(String name, CapacityMeter meter, IntConsumer operation) {
        for (int i = 0; i < WARMUP; i++) {
            operation.accept(i);
        }
        long[] nanos = new long[MEASURED];
        CapacityMeter.Tally tally;
        long started = System.nanoTime();
        try (CapacityMeter.Scope scope = meter.open()) {
            for (int i = 0; i < MEASURED; i++) {
                long t = System.nanoTime();
                operation.accept(WARMUP + i);
                nanos[i] = System.nanoTime() - t;
            }
            tally = scope.tally();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-38s %9.2f %10.2f %8.3f %8.3f %8.3f %7.0f%n", name,
                (tally.readUnits() + tally.writeUnits()) / MEASURED, (double) tally.calls() / MEASURED,
                nanos[MEASURED / 2] / 1e6, nanos[MEASURED * 95 / 100] / 1e6, nanos[MEASURED * 99 / 100] / 1e6, MEASURED / seconds);
    }
}
