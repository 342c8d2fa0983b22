package cloud.patchmon.core.maintenance;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.packages.PackageRecount;
import cloud.patchmon.core.packages.PackageSummary;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;
import cloud.patchmon.core.tenants.TenantRepository;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DynamoDbLocalExtension.class)
class FleetRecountIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final CanonicalHashes canonical = new CanonicalHashes();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private IdentityFixture identity;
    private PackageCatalog catalog;

    FleetRecountIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        identity = new IdentityFixture(store, clock);
        catalog = new PackageCatalog(store);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private TenantContext tenantWithReportingHost(String organisation) {
        AuthenticatedUser owner = identity.signup(organisation);
        PasswordHasher hasher = new PasswordHasher(4);
        HostService.Credentials host = new HostService(store, hasher, clock)
                .create(owner.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false));
        AgentAuthenticator.AuthenticatedHost agent = new AgentAuthenticator(store, hasher, clock).authenticate(host.host().apiId(), host.apiKey());
        List<PackageEntry> packages = List.of(
                PackageEntry.of("openssl", "TLS", "libs", "3.0.1", "3.0.2", true, true, "security"),
                PackageEntry.of("curl", "HTTP", "web", "8.0", "", false, false, "main"));
        new ReportService(store, clock).ingest(agent, new ReportService.Report(packages, null, null, null, null, null, null, null, null,
                null, null, null, null, Map.of("packagesHash", canonical.packages(packages)), 100));
        return owner.context();
    }

    private long installed(TenantContext ctx, String name) {
        return catalog.list(ctx).stream().filter(s -> s.name().equals(name)).mapToLong(PackageSummary::hostsInstalled).sum();
    }

    @Test
    void correctsOnlyTheDriftedTenantAndSkipsClaimsWithoutATenant() {
        TenantContext acme = tenantWithReportingHost("Acme");
        TenantContext globex = tenantWithReportingHost("Globex");
        new Directory(store).claimSlug("abandoned-signup", new TenantId("never-created"), clock.instant());
        catalog.adjust(acme, "openssl", new PackageCatalog.Delta(3, 0, 0, Map.of()), null, null, null);

        FleetRecount.Result result = new FleetRecount(store, clock).run();

        assertThat(result.tenants()).isEqualTo(2);
        assertThat(result.corrected()).isEqualTo(1);
        assertThat(result.failed()).isEmpty();
        assertThat(installed(acme, "openssl")).isEqualTo(1);
        assertThat(installed(globex, "openssl")).isEqualTo(1);
        assertThat(new FleetRecount(store, clock).run().corrected()).as("a second run finds nothing to correct").isZero();
    }

    @Test
    void oneTenantsFailureDoesNotStopTheOthers() {
        TenantContext acme = tenantWithReportingHost("Acme");
        TenantContext globex = tenantWithReportingHost("Globex");
        catalog.adjust(globex, "curl", new PackageCatalog.Delta(5, 0, 0, Map.of()), null, null, null);
        PackageRecount packages = new PackageRecount(store);
        FleetRecount.Recount failingForAcme = ctx -> {
            if (ctx.tenantId().equals(acme.tenantId())) {
                throw new IllegalStateException("corrupt partition");
            }
            return packages.run(ctx);
        };

        FleetRecount.Result result = new FleetRecount(new Directory(store), new TenantRepository(store), List.of(failingForAcme)).run();

        assertThat(result.failed()).containsExactly(acme.tenantId());
        assertThat(result.tenants()).isEqualTo(1);
        assertThat(installed(globex, "curl")).isEqualTo(1);
    }
}
