package cloud.patchmon.core.rbac;

import cloud.patchmon.core.auth.AuthService;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.auth.PasswordPolicy;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenants.TenantSettingsService;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import cloud.patchmon.core.users.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.EnumSet;

import static cloud.patchmon.core.testing.IdentityFixture.CLIENT;
import static cloud.patchmon.core.testing.IdentityFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class RoleServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private DynamoDbClient ddb;
    private IdentityFixture identity;
    private RoleService roles;
    private TenantSettingsService settings;
    private AuthenticatedUser owner;

    RoleServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        DynamoItemStore store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        identity = new IdentityFixture(store, clock);
        roles = new RoleService(store, clock);
        settings = new TenantSettingsService(store);
        owner = identity.signup("Acme");
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    @Test
    void everyTenantHasTheFiveBuiltInRolesWithTheSpecDefaults() {
        var summaries = roles.list(owner.context());

        assertThat(summaries).extracting(s -> s.role().name()).containsExactly("superadmin", "admin", "host_manager", "user", "readonly");
        assertThat(summaries).extracting(RoleService.RoleSummary::userCount).containsExactly(1, 0, 0, 0, 0);
        Role readonly = summaries.get(4).role();
        assertThat(readonly.permissions()).containsExactlyInAnyOrder(Permission.CAN_VIEW_DASHBOARD, Permission.CAN_VIEW_HOSTS,
                Permission.CAN_VIEW_PACKAGES, Permission.CAN_VIEW_REPORTS, Permission.CAN_VIEW_NOTIFICATION_LOGS);
        assertThat(summaries.get(3).role().permissions()).contains(Permission.CAN_EXPORT_DATA).doesNotContain(Permission.CAN_MANAGE_HOSTS);
        assertThat(summaries.get(2).role().permissions()).contains(Permission.CAN_USE_REMOTE_ACCESS).doesNotContain(Permission.CAN_VIEW_USERS);
        assertThat(summaries.get(1).role().permissions()).hasSize(19).doesNotContain(Permission.CAN_MANAGE_SUPERUSERS);
        assertThat(summaries.get(0).role().permissions()).hasSize(20);
    }

    @Test
    void customRolesFromPresetsAreAssignableAndTheirPermissionsApplyOnTheNextRequest() {
        roles.create(owner.context(), "noc_operator", RoleService.Preset.READ_ONLY.permissions());
        AuthenticatedUser noc = identity.userWithRole(owner, "noc_operator");
        assertThat(noc.has(Permission.CAN_MANAGE_PATCHING)).isFalse();
        String token = identity.auth.login(new AuthService.LoginRequest(noc.user().username(), PASSWORD, slug()), CLIENT, null).signedIn().access().token();

        roles.update(owner.context(), "noc_operator", RoleService.Preset.OPERATOR.permissions());

        assertThat(identity.auth.authenticate(token).has(Permission.CAN_MANAGE_PATCHING)).isTrue();
        assertThat(identity.auth.authenticate(token).has(Permission.CAN_MANAGE_USERS)).isFalse();
    }

    private String slug() {
        return identity.auth.tenant(owner.context()).orElseThrow().slug();
    }

    @Test
    void lockedBuiltInsCannotBeEditedButHostManagerAndReadonlyCan() {
        for (String locked : new String[]{"superadmin", "admin", "user"}) {
            assertThatThrownBy(() -> roles.update(owner.context(), locked, EnumSet.noneOf(Permission.class)))
                    .hasMessage("Cannot modify built-in role permissions");
        }
        assertThat(roles.update(owner.context(), "readonly", EnumSet.of(Permission.CAN_VIEW_DASHBOARD)).permissions())
                .containsExactly(Permission.CAN_VIEW_DASHBOARD);
        assertThat(roles.update(owner.context(), "host_manager", EnumSet.of(Permission.CAN_MANAGE_HOSTS)).builtIn()).isTrue();
    }

    @Test
    void namesAreValidatedAndUnique() {
        roles.create(owner.context(), "auditor", EnumSet.noneOf(Permission.class));

        assertThatThrownBy(() -> roles.create(owner.context(), "auditor", EnumSet.noneOf(Permission.class))).hasMessage("Role already exists");
        assertThatThrownBy(() -> roles.create(owner.context(), "admin", EnumSet.noneOf(Permission.class))).hasMessage("Role already exists");
        for (String bad : new String[]{"Auditor", "noc operator", "x", "1st", "a-b"}) {
            assertThatThrownBy(() -> roles.create(owner.context(), bad, EnumSet.noneOf(Permission.class)))
                    .as(bad).isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.VALIDATION));
        }
    }

    @Test
    void onlyUnassignedCustomRolesCanBeDeleted() {
        roles.create(owner.context(), "auditor", EnumSet.of(Permission.CAN_VIEW_REPORTS));
        AuthenticatedUser auditor = identity.userWithRole(owner, "auditor");

        assertThatThrownBy(() -> roles.delete(owner.context(), "readonly")).hasMessage("Cannot delete built-in roles");
        assertThatThrownBy(() -> roles.delete(owner.context(), "auditor")).hasMessage("Cannot delete role: users are assigned to it");
        assertThatThrownBy(() -> roles.delete(owner.context(), "nope")).hasMessage("Role not found");

        identity.users.update(owner, auditor.user().id(), new UserService.Changes(null, null, null, null, "readonly", null));
        roles.delete(owner.context(), "auditor");
        assertThat(roles.list(owner.context())).extracting(s -> s.role().name()).doesNotContain("auditor");
    }

    @Test
    void rolesAndSettingsAreTheTenantsOwn() {
        AuthenticatedUser rival = identity.signup("Rival");
        roles.create(owner.context(), "auditor", EnumSet.of(Permission.CAN_VIEW_REPORTS));
        settings.update(owner.context(), true, "readonly", null);

        assertThat(roles.list(rival.context())).extracting(s -> s.role().name()).doesNotContain("auditor");
        assertThatThrownBy(() -> roles.delete(rival.context(), "auditor")).hasMessage("Role not found");
        assertThatThrownBy(() -> roles.update(rival.context(), "auditor", EnumSet.noneOf(Permission.class))).hasMessage("Role not found");
        assertThat(settings.get(rival.context()).selfRegistrationEnabled()).isFalse();
    }

    @Test
    void selfRegistrationFollowsTheTenantsSettings() {
        AuthService.RegisterRequest request = new AuthService.RegisterRequest(slug(), "walkin", "walkin@example.test", PASSWORD, null, null);
        assertThatThrownBy(() -> identity.auth.register(request, CLIENT)).hasMessage("User registration is disabled");

        settings.update(owner.context(), true, "readonly", null);
        AuthService.SignedIn registered = identity.auth.register(request, CLIENT);

        assertThat(registered.user().role()).isEqualTo("readonly");
        assertThatThrownBy(() -> identity.auth.register(request, CLIENT)).hasMessage("Username or email already exists");
        assertThatThrownBy(() -> identity.auth.register(new AuthService.RegisterRequest("no-such-org", "x1x", "x1x@example.test", PASSWORD, null, null), CLIENT))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> settings.update(owner.context(), true, "admin", null))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.VALIDATION));
    }

    @Test
    void theTenantsPasswordPolicyAppliesToEveryPasswordSet() {
        settings.update(owner.context(), null, null, new PasswordPolicy(14, false, false, false, false));

        assertThatThrownBy(() -> identity.users.create(owner, new UserService.NewUser("bob", "bob@example.test", PASSWORD, null, null, "user")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::msg)
                        .containsExactly("Password must be at least 14 characters long"));
        assertThat(identity.users.create(owner, new UserService.NewUser("bob", "bob@example.test", "longbutsimplepassword", null, null, "user")).username())
                .isEqualTo("bob");
    }
}
