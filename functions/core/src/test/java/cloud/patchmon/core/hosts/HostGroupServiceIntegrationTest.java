package cloud.patchmon.core.hosts;

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
class HostGroupServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private HostGroupService groups;

    HostGroupServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        groups = new HostGroupService(store, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    @Test
    void createsGroupsWithTheDefaultColourAndListsThemByName() {
        groups.create(acme, "Production", "Customer-facing", "#ef4444");
        HostGroup staging = groups.create(acme, "staging", null, null);

        assertThat(staging.color()).isEqualTo("#3B82F6");
        assertThat(groups.list(acme)).extracting(s -> s.group().name(), HostGroupService.GroupSummary::hostCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Production", 0), org.assertj.core.groups.Tuple.tuple("staging", 0));
        assertThat(groups.list(acme).get(0).group().color()).isEqualTo("#EF4444");
    }

    @Test
    void namesAreUniquePerTenantCaseInsensitively() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        HostGroup web = groups.create(acme, "Web", null, null);

        assertThatThrownBy(() -> groups.create(acme, "production", null, null)).hasMessage("Host group name already exists");
        assertThatThrownBy(() -> groups.update(acme, web.id(), "PRODUCTION", null, null)).hasMessage("Host group name already exists");
        assertThat(groups.create(rival, "Production", null, null).name()).isEqualTo("Production");

        groups.update(acme, prod.id(), "Prod", "renamed", "#00FF00");
        assertThat(groups.create(acme, "Production", null, null)).isNotNull();
        assertThat(groups.get(acme, prod.id()).group()).satisfies(g -> {
            assertThat(g.name()).isEqualTo("Prod");
            assertThat(g.description()).isEqualTo("renamed");
        });
    }

    @Test
    void badInputIsRefusedWithFieldErrors() {
        assertThatThrownBy(() -> groups.create(acme, " ", null, "blue"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param)
                        .containsExactly("name", "color"));
        assertThat(groups.list(acme)).isEmpty();
    }

    @Test
    void aGroupWithHostsCannotBeDeleted() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        store.transact(acme, List.of(HostGroupRepository.membership(acme, prod.id(), "host-1"), HostGroupRepository.membership(acme, prod.id(), "host-2")));

        assertThat(groups.get(acme, prod.id()).hostCount()).isEqualTo(2);
        assertThatThrownBy(() -> groups.delete(acme, prod.id()))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Cannot delete host group that contains hosts");
                    assertThat(e.extras()).containsEntry("hostCount", 2);
                });

        store.transact(acme, List.of(HostGroupRepository.removeMembership(acme, prod.id(), "host-1"), HostGroupRepository.removeMembership(acme, prod.id(), "host-2")));
        groups.delete(acme, prod.id());
        assertThat(groups.list(acme)).isEmpty();
        assertThat(groups.create(acme, "Production", null, null)).as("the name is free again").isNotNull();
    }

    @Test
    void anotherTenantsGroupIsNotFound() {
        HostGroup prod = groups.create(acme, "Production", null, null);

        for (Runnable call : new Runnable[]{
                () -> groups.get(rival, prod.id()),
                () -> groups.update(rival, prod.id(), "Stolen", null, null),
                () -> groups.delete(rival, prod.id()),
                () -> groups.hostIds(rival, prod.id())}) {
            assertThatThrownBy(call::run).hasMessage("Host group not found");
        }
        assertThat(groups.get(acme, prod.id()).group().name()).isEqualTo("Production");
    }
}
