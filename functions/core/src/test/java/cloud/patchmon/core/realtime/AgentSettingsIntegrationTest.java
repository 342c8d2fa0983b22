package cloud.patchmon.core.realtime;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.TenantSettingsService;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings → Agent Updates and the per-host auto-update switch: what is stored, answered and pushed, against DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class AgentSettingsIntegrationTest {

    private static final ObjectMapper JSON = Json.newMapper();
    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext globex = TenantContext.system(new TenantId("globex"), "test");
    private final AgentRealtimeIntegrationTest.FakeGateway gateway = new AgentRealtimeIntegrationTest.FakeGateway();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private AgentRealtime realtime;
    private HostService hosts;
    private AgentSettings settings;
    private String web;
    private String api;
    private String db;

    AgentSettingsIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), JSON, clock);
        realtime = AgentRealtime.create(store, gateway, clock);
        hosts = new HostService(store, new PasswordHasher(4), clock);
        settings = new AgentSettings(new TenantSettingsService(store), new AgentCommands(realtime.jobs(), realtime.channel(), hosts), hosts, store, clock);
        web = hosts.create(acme, new HostService.NewHost("web-1", "linux", List.of(), false, false)).host().id();
        api = hosts.create(acme, new HostService.NewHost("api-1", "linux", List.of(), false, false)).host().id();
        db = hosts.create(globex, new HostService.NewHost("db-1", "linux", List.of(), false, false)).host().id();
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    /** The last message each connection received. */
    private Map<String, JsonNode> lastPosted() throws Exception {
        Map<String, JsonNode> byConnection = new HashMap<>();
        for (String posted : gateway.posted) {
            byConnection.put(posted.substring(0, posted.indexOf(' ')), JSON.readTree(posted.substring(posted.indexOf(' ') + 1)));
        }
        return byConnection;
    }

    @Test
    void autoUpdateIsOnUntilSwitchedOffGloballyOrForTheHost() {
        assertThat(settings.get(acme)).isEqualTo(new AgentSettings.Updates(60, true));
        assertThat(settings.autoUpdateDisabled(acme, web)).isEmpty();
        assertThat(settings.forHost(acme, web)).isEqualTo(new AgentSettings.Updates(60, true));

        settings.setHost(acme, web, false);
        assertThat(settings.autoUpdateDisabled(acme, web)).hasValue(AgentSettings.DISABLED_FOR_HOST);
        assertThat(settings.forHost(acme, web).autoUpdate()).isFalse();
        assertThat(settings.autoUpdateDisabled(acme, api)).as("the other host follows the global switch").isEmpty();

        settings.change(acme, null, false);
        assertThat(settings.autoUpdateDisabled(acme, api)).hasValue(AgentSettings.DISABLED_GLOBALLY);
        assertThat(settings.host(acme, api)).isEqualTo(new AgentSettings.HostAutoUpdate(api, true, false));
        assertThat(settings.host(acme, api).effective()).isFalse();
        assertThat(settings.get(acme)).as("the interval is left as it was").isEqualTo(new AgentSettings.Updates(60, false));

        settings.change(acme, null, true);
        settings.setHost(acme, web, true);
        assertThat(settings.autoUpdateDisabled(acme, web)).isEmpty();
        assertThat(settings.autoUpdateDisabled(globex, db)).as("another tenant's switches are its own").isEmpty();
    }

    @Test
    void flippingTheGlobalSwitchPushesEachConnectedAgentItsOwnEffectiveState() throws Exception {
        realtime.connections().connected(acme, web, "c-web", true, "192.0.2.1");
        realtime.connections().connected(acme, api, "c-api", true, "192.0.2.2");
        realtime.connections().connected(globex, db, "c-db", true, "192.0.2.3");
        settings.setHost(acme, web, false);
        gateway.posted.clear();

        AgentSettings.Outcome off = settings.change(acme, null, false);
        assertThat(off).isEqualTo(new AgentSettings.Outcome(60, false, 2));
        assertThat(lastPosted().get("c-api").path("auto_update").asBoolean(true)).isFalse();
        assertThat(lastPosted().get("c-api").has("update_interval")).as("the interval did not change").isFalse();
        assertThat(lastPosted()).doesNotContainKey("c-db");

        AgentSettings.Outcome on = settings.change(acme, 30, true);
        assertThat(on.pushedTo()).isEqualTo(2);
        Map<String, JsonNode> last = lastPosted();
        assertThat(last.get("c-api").path("auto_update").asBoolean(false)).isTrue();
        assertThat(last.get("c-web").path("auto_update").asBoolean(true)).as("its own switch is still off").isFalse();
        assertThat(last.get("c-web").path("update_interval").asInt()).isEqualTo(30);
        assertThat(last.get("c-web").path("type").asText()).isEqualTo("settings_update");

        int before = gateway.posted.size();
        assertThat(settings.change(acme, 30, true).pushedTo()).as("nothing changed, nothing pushed").isZero();
        assertThat(gateway.posted).hasSize(before);
    }

    @Test
    void theHostSwitchIsPushedToThatHostsAgentOnlyWhenItIsConnected() throws Exception {
        realtime.connections().connected(acme, web, "c-web", true, "192.0.2.1");

        AgentSettings.HostOutcome off = settings.setHost(acme, web, false);
        assertThat(off.pushed()).isTrue();
        assertThat(off.state()).isEqualTo(new AgentSettings.HostAutoUpdate(web, false, true));
        assertThat(gateway.posted).hasSize(1);
        assertThat(lastPosted().get("c-web").path("auto_update").asBoolean(true)).isFalse();
        assertThat(realtime.jobs().queue(acme, web, 10).jobs().get(0).type()).isEqualTo(AgentCommands.SETTINGS_UPDATE);

        assertThat(settings.setHost(acme, web, false).pushed()).as("unchanged").isFalse();
        assertThat(settings.setHost(acme, api, false).pushed()).as("offline: read at its next start").isFalse();
        assertThat(gateway.posted).hasSize(1);
    }

    @Test
    void anotherTenantsHostIsNotFoundAndNothingChanges() {
        assertThatThrownBy(() -> settings.setHost(acme, db, false)).isInstanceOf(DomainException.class).hasMessage("Host not found");
        assertThatThrownBy(() -> settings.host(acme, db)).isInstanceOf(DomainException.class).hasMessage("Host not found");
        assertThat(settings.autoUpdateDisabled(globex, db)).isEmpty();
        assertThat(settings.host(globex, db).autoUpdate()).isTrue();
    }

    @Test
    void anIntervalOutOfRangeSavesNothing() {
        assertThatThrownBy(() -> settings.change(acme, 0, false)).isInstanceOf(DomainException.class);
        assertThat(settings.get(acme)).isEqualTo(new AgentSettings.Updates(60, true));
    }

    @Test
    void deletingAHostTakesItsSwitchWithIt() {
        settings.setHost(acme, web, false);
        hosts.delete(acme, web);
        assertThat(new AutoUpdateOverrides(store).disabledHosts(acme)).isEmpty();
    }
}
