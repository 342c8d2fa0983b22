package cloud.patchmon.core.realtime;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.rbac.RoleService;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
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
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Open browser subscriptions after role changes, deactivation and deletion, against DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class UiAccessIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AgentRealtimeIntegrationTest.FakeGateway gateway = new AgentRealtimeIntegrationTest.FakeGateway();
    private DynamoDbClient ddb;
    private UiSessions sessions;
    private UiConnectionRepository connections;
    private UiAccess access;
    private IdentityFixture identity;
    private RoleService roles;
    private AuthenticatedUser acme;
    private AuthenticatedUser globex;
    private String acmeHost;
    private String globexHost;

    UiAccessIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        DynamoItemStore store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        connections = new UiConnectionRepository(store);
        sessions = new UiSessions(store, (ctx, runId) -> false, clock);
        access = new UiAccess(store, new UiChannel(connections, gateway, Json.newMapper()));
        identity = new IdentityFixture(store, clock);
        roles = new RoleService(store, clock);
        acme = identity.signup("Acme");
        globex = identity.signup("Globex");
        HostService hosts = new HostService(store, identity.hasher, clock);
        acmeHost = hosts.create(acme.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false)).host().id();
        globexHost = hosts.create(globex.context(), new HostService.NewHost("db-1", "linux", List.of(), false, false)).host().id();
        roles.create(acme.context(), "auditor", Set.of(Permission.CAN_VIEW_REPORTS));
        roles.create(acme.context(), "watcher", Set.of(Permission.CAN_VIEW_HOSTS));
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private UserService.Changes role(String role) {
        return new UserService.Changes(null, null, null, null, role, null);
    }

    @Test
    void aRoleChangeThatDropsCanViewHostsEndsThatUsersSubscriptionsAndTellsTheBrowser() {
        AuthenticatedUser bob = identity.userWithRole(acme, "user");
        AuthenticatedUser carol = identity.userWithRole(acme, "user");
        sessions.connected(bob.context(), "b1");
        sessions.connected(carol.context(), "c1");
        sessions.subscribe(bob.context(), "b1", "host:" + acmeHost);
        sessions.subscribe(carol.context(), "c1", "host:" + acmeHost);

        identity.users.update(acme, bob.user().id(), role("auditor"));
        UiAccess.Revoked revoked = access.userChanged(acme.context(), bob.user().id());

        assertThat(revoked).isEqualTo(new UiAccess.Revoked(1, 0));
        assertThat(connections.channelsOf(acme.context(), "b1")).isEmpty();
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).containsExactly("c1");
        assertThat(connections.find(acme.context(), "b1")).as("the connection itself stays open").isPresent();
        assertThat(gateway.posted).containsExactly(
                "b1 {\"type\":\"unsubscribed\",\"channel\":\"host:" + acmeHost + "\",\"reason\":\"access_revoked\"}");
        assertThat(gateway.gone).isEmpty();
    }

    @Test
    void aRoleChangeThatStillAllowsTheChannelChangesNothing() {
        AuthenticatedUser bob = identity.userWithRole(acme, "user");
        sessions.connected(bob.context(), "b1");
        sessions.subscribe(bob.context(), "b1", "host:" + acmeHost);

        identity.users.update(acme, bob.user().id(), role("watcher"));

        assertThat(access.userChanged(acme.context(), bob.user().id())).isEqualTo(new UiAccess.Revoked(0, 0));
        assertThat(connections.channelsOf(acme.context(), "b1")).containsExactly("host:" + acmeHost);
        assertThat(gateway.posted).isEmpty();
    }

    @Test
    void editingARolesPermissionsReachesEveryHolderAndNobodyElse() {
        AuthenticatedUser bob = identity.userWithRole(acme, "watcher");
        AuthenticatedUser dave = identity.userWithRole(acme, "watcher");
        AuthenticatedUser carol = identity.userWithRole(acme, "user");
        for (AuthenticatedUser u : List.of(bob, dave, carol)) {
            sessions.connected(u.context(), u.user().username());
            sessions.subscribe(u.context(), u.user().username(), "host:" + acmeHost);
        }

        roles.update(acme.context(), "watcher", Set.of(Permission.CAN_VIEW_REPORTS));

        assertThat(access.roleChanged(acme.context(), "watcher")).isEqualTo(new UiAccess.Revoked(2, 0));
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).containsExactly(carol.user().username());
    }

    @Test
    void aDeactivatedOrDeletedUserLosesTheConnectionsThemselves() {
        AuthenticatedUser bob = identity.userWithRole(acme, "user");
        AuthenticatedUser eve = identity.userWithRole(acme, "user");
        sessions.connected(bob.context(), "b1");
        sessions.connected(bob.context(), "b2");
        sessions.connected(eve.context(), "e1");
        sessions.subscribe(bob.context(), "b1", "host:" + acmeHost);
        sessions.subscribe(eve.context(), "e1", "host:" + acmeHost);

        identity.users.update(acme, bob.user().id(), new UserService.Changes(null, null, null, null, null, false));
        assertThat(access.userChanged(acme.context(), bob.user().id())).isEqualTo(new UiAccess.Revoked(0, 2));
        assertThat(gateway.gone).containsExactlyInAnyOrder("b1", "b2");
        assertThat(connections.find(acme.context(), "b1")).isEmpty();
        assertThat(connections.find(acme.context(), "b2")).isEmpty();
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).containsExactly("e1");

        identity.users.delete(acme, eve.user().id());
        assertThat(access.userChanged(acme.context(), eve.user().id())).isEqualTo(new UiAccess.Revoked(0, 1));
        assertThat(gateway.gone).contains("e1");
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).isEmpty();
    }

    @Test
    void anotherTenantsConnectionsAreNeverTouched() {
        AuthenticatedUser rival = identity.userWithRole(globex, "user");
        sessions.connected(rival.context(), "g1");
        sessions.subscribe(rival.context(), "g1", "host:" + globexHost);

        // The same user id named in another tenant finds nothing there.
        assertThat(access.userChanged(acme.context(), rival.user().id())).isEqualTo(new UiAccess.Revoked(0, 0));
        assertThat(access.roleChanged(acme.context(), "user")).isEqualTo(new UiAccess.Revoked(0, 0));
        assertThat(connections.channelsOf(globex.context(), "g1")).containsExactly("host:" + globexHost);
        assertThat(gateway.gone).isEmpty();
        assertThat(gateway.posted).isEmpty();
    }
}
