package cloud.patchmon.core.bench;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.dashboard.DashboardService;
import cloud.patchmon.core.dashboard.FleetCountersRecount;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.TenantRepository;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./patchmon bench dashboard}: what one {@code GET /dashboard/stats} read costs (request units, exact, from
 * ReturnConsumedCapacity; latency against DynamoDB Local) with 100 and with 1,000 reporting hosts, next to what the
 * per-request scan it replaced (every host item and every package aggregate) costs on the same data.
 */
public final class DashboardBench {

    private static final int[] FLEETS = {100, 1000};
    private static final int PACKAGES_PER_HOST = 20;
    /** Hosts share packages from a pool that grows with the fleet, so the package catalog grows too. */
    private static final int STRIDE = 7;
    private static final int WARMUP = 20;
    private static final int MEASURED = 300;
    /** The scan reads the whole fleet each time: fewer runs say as much. */
    private static final int MEASURED_SCANS = 40;

    public static void main(String[] args) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        List<String> summary = new ArrayList<>();
        try (DynamoDbLocal dynamo = DynamoDbLocal.instance()) {
            StorageSettings settings = dynamo.newTable();
            CapacityMeter meter = new CapacityMeter();
            try (DynamoDbClient client = dynamo.client(settings, meter)) {
                Clock clock = Clock.systemUTC();
                DynamoItemStore store = new DynamoItemStore(client, settings.tableName(), Json.newMapper(), clock);
                TenantContext ctx = TenantContext.system(new TenantId("bench"), "bench");
                PasswordHasher hasher = new PasswordHasher(4);
                HostService hosts = new HostService(store, hasher, clock);
                ReportService reports = new ReportService(store, clock);
                AgentAuthenticator agents = new AgentAuthenticator(store, hasher, clock);
                DashboardService dashboard = new DashboardService(store, clock);
                FleetCountersRecount scan = new FleetCountersRecount(store);
                TenantRepository tenants = new TenantRepository(store);
                CanonicalHashes canonical = new CanonicalHashes();

                System.out.println("hosts  packages  read                      units/read  p50 ms  p99 ms");
                int seeded = 0;
                for (int fleet : FLEETS) {
                    for (; seeded < fleet; seeded++) {
                        HostService.Credentials c = hosts.create(ctx, new HostService.NewHost("bench-" + seeded, "linux", List.of(), false, false));
                        List<PackageEntry> packages = new ArrayList<>();
                        for (int k = 0; k < PACKAGES_PER_HOST; k++) {
                            boolean old = k % 4 == 0;
                            packages.add(PackageEntry.of("package-" + (seeded * STRIDE + k), null, null, "1.0", old ? "1.1" : "", old, old && k % 8 == 0, null));
                        }
                        reports.ingest(agents.authenticate(c.host().apiId(), c.apiKey()), new ReportService.Report(packages, List.of(), List.of(),
                                "bench-" + seeded, null, seeded % 3 == 0 ? "Ubuntu" : "Debian", "12", "x86_64", "2.1.0", seeded % 5 == 0, null,
                                Map.of(), null, Map.of("packagesHash", canonical.packages(packages)), 10));
                    }
                    int catalog = new PackageCatalog(store).list(ctx).size();
                    if (dashboard.stats(ctx).cards().totalHosts() != fleet) {
                        throw new IllegalStateException("the dashboard does not count the seeded fleet");
                    }
                    double[] counters = measure(meter, MEASURED, () -> dashboard.stats(ctx));
                    double[] before = measure(meter, MEASURED_SCANS, () -> {
                        tenants.settings(ctx);
                        scan.compute(ctx);
                    });
                    print(fleet, catalog, "dashboard (fleet counters)", counters);
                    print(fleet, catalog, "per-request scan (before)", before);
                    summary.add(String.format(Locale.ROOT, "hosts=%d packages=%d read_units=%.1f p50_ms=%.1f p99_ms=%.1f scan_read_units=%.1f scan_p50_ms=%.1f",
                            fleet, catalog, counters[0], counters[1], counters[2], before[0], before[1]));
                }
            }
        }
        System.out.println("dashboard " + String.join("; ", summary));
    }

    private static void print(int hosts, int packages, String what, double[] m) {
        System.out.printf(Locale.ROOT, "%5d  %8d  %-26s %9.1f  %6.1f  %6.1f%n", hosts, packages, what, m[0], m[1], m[2]);
    }

    /** @return units per read, p50 and p99 in milliseconds */
    private static double[] measure(CapacityMeter meter, int runs, Runnable read) {
        for (int i = 0; i < WARMUP; i++) {
            read.run();
        }
        long[] nanos = new long[runs];
        double units;
        try (CapacityMeter.Scope scope = meter.open()) {
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                read.run();
                nanos[i] = System.nanoTime() - t;
            }
            units = scope.tally().readUnits() / runs;
        }
        Arrays.sort(nanos);
        return new double[]{units, nanos[runs / 2] / 1e6, nanos[runs * 99 / 100] / 1e6};
    }
}
