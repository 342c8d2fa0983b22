package cloud.patchmon.core.bench;

import cloud.patchmon.core.auth.AccessTokens;
import cloud.patchmon.core.auth.AuthService;
import cloud.patchmon.core.auth.AuthSettings;
import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.events.InProcessEvents;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.secrets.AesGcmSecretBox;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./patchmon bench auth}: password sign-in throughput and latency with bcrypt cost 10,
 * through the real AuthService against DynamoDB Local, with 1 and 2 concurrent clients, plus
 * the request units one sign-in costs.
 */
public final class AuthBench {

    private static final String PASSWORD = "Sup3r-Secret!";
    private static final int WARMUP = 20;
    private static final int MEASURED = 200;

    public static void main(String[] args) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        try (DynamoDbLocal dynamo = DynamoDbLocal.instance()) {
            run(dynamo);
        }
    }

    private static void run(DynamoDbLocal dynamo) throws Exception {
        StorageSettings settings = dynamo.newTable();
        CapacityMeter meter = new CapacityMeter();
        try (DynamoDbClient client = dynamo.client(settings, meter)) {
            DynamoItemStore store = new DynamoItemStore(client, settings.tableName(), Json.newMapper(), Clock.systemUTC());
            AuthSettings authSettings = new AuthSettings(Duration.ofMinutes(15), Duration.ofDays(7), 5, Duration.ofMinutes(15), 10, Integer.MAX_VALUE, Duration.ofMinutes(15));
            PasswordHasher hasher = new PasswordHasher(10);
            AuthService auth = new AuthService(store, hasher, new AccessTokens("bench-secret-0123456789-abcdefghijkl", Clock.systemUTC(), Duration.ofMinutes(15)),
                    new AesGcmSecretBox(new byte[32]), new InProcessEvents(), authSettings, Clock.systemUTC());
            AuthService.Client caller = new AuthService.Client("198.51.100.1", "bench");
            auth.signup(new AuthService.SignupRequest("Bench Org", "bench", "bench@example.test", PASSWORD, null, null), caller);
            AuthService.LoginRequest login = new AuthService.LoginRequest("bench", PASSWORD, null);

            long t = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                hasher.matches(PASSWORD, hasher.hash(PASSWORD));
            }
            System.out.printf(Locale.ROOT, "bcrypt cost 10: %.1f ms per hash+verify pair%n", (System.nanoTime() - t) / 1e6 / 20);

            for (int i = 0; i < WARMUP; i++) {
                auth.login(login, caller, null);
            }
            try (CapacityMeter.Scope scope = meter.open()) {
                auth.login(login, caller, null);
                CapacityMeter.Tally tally = scope.tally();
                System.out.printf(Locale.ROOT, "one sign-in: %.1f RCU, %.1f WCU, %d DynamoDB calls%n", tally.readUnits(), tally.writeUnits(), tally.calls());
            }
            System.out.println("clients  sign-ins/s   p50 ms   p95 ms   p99 ms");
            for (int clients : new int[]{1, 2}) {
                measure(clients, () -> auth.login(login, caller, null));
            }
        }
    }

    private static void measure(int clients, Runnable operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] nanos = new long[MEASURED / clients];
                for (int i = 0; i < nanos.length; i++) {
                    long t = System.nanoTime();
                    operation.run();
                    nanos[i] = System.nanoTime() - t;
                }
                return nanos;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            Arrays.stream(f.get()).forEach(all::add);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%7d %11.1f %8.1f %8.1f %8.1f%n", clients, sorted.length / seconds,
                sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 95 / 100] / 1e6, sorted[sorted.length * 99 / 100] / 1e6);
    }
}
