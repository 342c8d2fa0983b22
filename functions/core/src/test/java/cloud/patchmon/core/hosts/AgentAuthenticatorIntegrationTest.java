package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class AgentAuthenticatorIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private DynamoDbClient ddb;
    private HostService hosts;
    private AgentAuthenticator agents;

    AgentAuthenticatorIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        DynamoItemStore store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        PasswordHasher hasher = new PasswordHasher(4);
        hosts = new HostService(store, hasher, clock);
        agents = new AgentAuthenticator(store, hasher, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private HostService.Credentials host() {
        return hosts.create(acme, new HostService.NewHost("web-01", "linux", List.of(), false, false));
    }

    private static void refused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(DomainException.Kind.UNAUTHENTICATED);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void validCredentialsResolveToTheHostAndItsTenant() {
        HostService.Credentials created = host();

        AgentAuthenticator.AuthenticatedHost first = agents.authenticate(created.host().apiId(), created.apiKey());
        AgentAuthenticator.AuthenticatedHost cached = agents.authenticate(created.host().apiId(), created.apiKey());

        assertThat(first.host().id()).isEqualTo(created.host().id());
        assertThat(first.context().tenantId()).isEqualTo(acme.tenantId());
        assertThat(first.context().principal().kind()).isEqualTo(TenantContext.Principal.Kind.HOST);
        assertThat(cached.host().id()).isEqualTo(created.host().id());
    }

    @Test
    void missingAndWrongCredentialsAreRefusedWithTheProtocolsTexts() {
        HostService.Credentials created = host();
        agents.authenticate(created.host().apiId(), created.apiKey());

        refused(() -> agents.authenticate(null, created.apiKey()), "API credentials required");
        refused(() -> agents.authenticate(created.host().apiId(), ""), "API credentials required");
        refused(() -> agents.authenticate(created.host().apiId(), "0".repeat(64)), "Invalid API credentials");
        refused(() -> agents.authenticate("patchmon_0000000000000000", created.apiKey()), "Invalid API credentials");
        refused(() -> agents.authenticate("x".repeat(100), created.apiKey()), "Invalid API credentials");
    }

    @Test
    void regeneratedCredentialsRetireTheCachedOldOnesAtOnce() {
        HostService.Credentials old = host();
        agents.authenticate(old.host().apiId(), old.apiKey());

        HostService.Credentials fresh = hosts.regenerateCredentials(acme, old.host().id());

        refused(() -> agents.authenticate(old.host().apiId(), old.apiKey()), "Invalid API credentials");
        assertThat(agents.authenticate(fresh.host().apiId(), fresh.apiKey()).host().id()).isEqualTo(old.host().id());
    }

    @Test
    void aDeletedHostsCredentialsStopWorking() {
        HostService.Credentials created = host();
        agents.authenticate(created.host().apiId(), created.apiKey());

        hosts.delete(acme, created.host().id());

        refused(() -> agents.authenticate(created.host().apiId(), created.apiKey()), "Invalid API credentials");
    }
}
