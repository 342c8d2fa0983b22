package cloud.patchmon.core.tenants;

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
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class TenantPlanServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private TenantPlanService plans;
    private final TenantContext acme = TenantContext.system(TenantId.random(), "operator");
    private final TenantContext globex = TenantContext.system(TenantId.random(), "operator");

    TenantPlanServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), new MutableClock(Instant.parse("2026-12-02T06:00:00Z")));
        plans = new TenantPlanService(store);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    @Test
    void aTenantWhosePlanWasNeverSetHasEveryModule() {
        assertThat(plans.modules(acme)).containsExactlyInAnyOrder(PlanModule.values());
        assertThatCode(() -> plans.require(acme, PlanModule.PATCHING, PlanModule.PATCHING_POLICIES)).doesNotThrowAnyException();
    }

    @Test
    void aSetPlanReadsBackAndRefusesWhatItLacks() {
        plans.setModules(acme, EnumSet.of(PlanModule.PATCHING));

        assertThat(plans.modules(acme)).containsExactly(PlanModule.PATCHING);
        assertThatCode(() -> plans.require(acme, PlanModule.PATCHING)).doesNotThrowAnyException();
        assertThatThrownBy(() -> plans.require(acme, PlanModule.PATCHING, PlanModule.PATCHING_POLICIES))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("The patching_policies module is not enabled on your plan");
                });

        plans.setModules(acme, EnumSet.noneOf(PlanModule.class));
        assertThat(plans.modules(acme)).isEmpty();
        assertThatThrownBy(() -> plans.require(acme, PlanModule.PATCHING))
                .hasMessage("The patching module is not enabled on your plan");
    }

    @Test
    void oneTenantsPlanLeavesAnotherTenantsAlone() {
        plans.setModules(acme, EnumSet.noneOf(PlanModule.class));
        plans.setModules(globex, EnumSet.of(PlanModule.PATCHING_POLICIES));

        assertThat(plans.modules(acme)).isEmpty();
        assertThat(plans.modules(globex)).containsExactly(PlanModule.PATCHING_POLICIES);
        assertThat(plans.modules(TenantContext.system(TenantId.random(), "operator"))).containsExactlyInAnyOrder(PlanModule.values());
    }

    @Test
    void aModuleKeyThisBuildDoesNotKnowIsIgnored() {
        new TenantRepository(store).savePlan(acme, new TenantPlan(List.of("patching", "ai")));

        assertThat(plans.modules(acme)).containsExactly(PlanModule.PATCHING);
    }
}
