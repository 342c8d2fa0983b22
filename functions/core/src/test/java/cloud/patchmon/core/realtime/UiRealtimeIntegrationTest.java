package cloud.patchmon.core.realtime;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.rbac.RoleService;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Browser connections, subscriptions and pushes against DynamoDB Local, with a gateway standing in for API Gateway. */
@ExtendWith(DynamoDbLocalExtension.class)
class UiRealtimeIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AgentRealtimeIntegrationTest.FakeGateway gateway = new AgentRealtimeIntegrationTest.FakeGateway();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private UiSessions sessions;
    private UiChannel channel;
    private UiConnectionRepository connections;
    private IdentityFixture identity;
    private AuthenticatedUser acme;
    private AuthenticatedUser globex;
    private String acmeHost;
    private String globexHost;

    UiRealtimeIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        connections = new UiConnectionRepository(store);
        sessions = new UiSessions(store, (ctx, runId) -> false, clock);
        channel = new UiChannel(connections, gateway, Json.newMapper());
        identity = new IdentityFixture(store, clock);
        acme = identity.signup("Acme");
        globex = identity.signup("Globex");
        HostService hosts = new HostService(store, identity.hasher, clock);
        acmeHost = hosts.create(acme.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false)).host().id();
        globexHost = hosts.create(globex.context(), new HostService.NewHost("db-1", "linux", List.of(), false, false)).host().id();
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private static DomainException.Kind refusal(Runnable call) {
        try {
            call.run();
        } catch (DomainException e) {
            return e.kind();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aSubscriberGetsItsHostsEventsAndNoOtherChannelsOrTenants() {
        sessions.connected(acme.context(), "c1");
        sessions.connected(acme.context(), "c2");
        sessions.connected(globex.context(), "g1");
        assertThat(sessions.subscribe(acme.context(), "c1", "host:" + acmeHost)).hasToString("host:" + acmeHost);
        sessions.subscribe(globex.context(), "g1", "host:" + globexHost);

        assertThat(channel.publish(acme.context(), UiChannelName.host(acmeHost), Map.of("type", "agent_connected"))).isEqualTo(1);
        assertThat(gateway.posted).containsExactly("c1 {\"type\":\"agent_connected\",\"channel\":\"host:" + acmeHost + "\"}");
        // The same host id published in another tenant reaches nobody: channels live in the tenant's partitions.
        assertThat(channel.publish(globex.context(), UiChannelName.host(acmeHost), Map.of("type", "agent_connected"))).isZero();
    }

    @Test
    void anotherTenantsHostIdIsNotFoundAndNothingIsStored() {
        sessions.connected(acme.context(), "c1");
        assertThat(refusal(() -> sessions.subscribe(acme.context(), "c1", "host:" + globexHost))).isEqualTo(DomainException.Kind.NOT_FOUND);
        assertThat(refusal(() -> sessions.subscribe(acme.context(), "c1", "host:no-such-host"))).isEqualTo(DomainException.Kind.NOT_FOUND);
        assertThat(refusal(() -> sessions.subscribe(acme.context(), "c1", "run:r1"))).isEqualTo(DomainException.Kind.NOT_FOUND);
        assertThat(connections.channelsOf(acme.context(), "c1")).isEmpty();
        assertThat(connections.subscribers(globex.context(), "host:" + globexHost)).isEmpty();
    }

    @Test
    void malformedChannelsAreBadRequests() {
        sessions.connected(acme.context(), "c1");
        for (String bad : new String[] {null, "", "host", "host:", "tenant:" + acmeHost, "host:../x", "host:" + "a".repeat(65), "HOST:" + acmeHost}) {
            assertThat(refusal(() -> sessions.subscribe(acme.context(), "c1", bad))).as(String.valueOf(bad)).isEqualTo(DomainException.Kind.BAD_REQUEST);
        }
    }

    @Test
    void aRoleWithoutCanViewHostsIsForbiddenAndAnUnknownConnectionOrUserIsUnauthenticated() {
        new RoleService(store, clock).create(acme.context(), "auditor", Set.of(Permission.CAN_VIEW_REPORTS));
        AuthenticatedUser auditor = identity.userWithRole(acme, "auditor");
        sessions.connected(auditor.context(), "a1");
        assertThat(refusal(() -> sessions.subscribe(auditor.context(), "a1", "host:" + acmeHost))).isEqualTo(DomainException.Kind.FORBIDDEN);
        assertThat(connections.channelsOf(auditor.context(), "a1")).isEmpty();

        // A connection id recorded for another user, or not at all, is not the caller's.
        sessions.connected(acme.context(), "c1");
        AuthenticatedUser other = identity.userWithRole(acme, "user");
        assertThat(refusal(() -> sessions.subscribe(other.context(), "c1", "host:" + acmeHost))).isEqualTo(DomainException.Kind.UNAUTHENTICATED);
        assertThat(refusal(() -> sessions.subscribe(acme.context(), "nope", "host:" + acmeHost))).isEqualTo(DomainException.Kind.UNAUTHENTICATED);
        TenantContext ghost = new TenantContext(acme.context().tenantId(), new TenantContext.Principal(TenantContext.Principal.Kind.USER, "ghost"));
        sessions.connected(ghost, "x1");
        assertThat(refusal(() -> sessions.subscribe(ghost, "x1", "host:" + acmeHost))).isEqualTo(DomainException.Kind.UNAUTHENTICATED);
    }

    @Test
    void unsubscribeAndDisconnectStopTheEvents() {
        sessions.connected(acme.context(), "c1");
        sessions.connected(acme.context(), "c2");
        sessions.subscribe(acme.context(), "c1", "host:" + acmeHost);
        sessions.subscribe(acme.context(), "c2", "host:" + acmeHost);
        sessions.unsubscribe(acme.context(), "c1", "host:" + acmeHost);
        sessions.unsubscribe(acme.context(), "c1", "host:" + acmeHost);
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).containsExactly("c2");
        sessions.disconnected(acme.context(), "c2");
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).isEmpty();
        assertThat(connections.find(acme.context(), "c2")).isEmpty();
    }

    @Test
    void aGoneConnectionIsRemovedWithItsSubscriptionsAndTheOthersStillGetTheEvent() {
        sessions.connected(acme.context(), "c1");
        sessions.connected(acme.context(), "c2");
        sessions.subscribe(acme.context(), "c1", "host:" + acmeHost);
        sessions.subscribe(acme.context(), "c2", "host:" + acmeHost);
        gateway.gone.add("c1");

        assertThat(channel.publish(acme.context(), UiChannelName.host(acmeHost), Map.of("type", "report_received"))).isEqualTo(1);
        assertThat(connections.find(acme.context(), "c1")).isEmpty();
        assertThat(connections.channelsOf(acme.context(), "c1")).isEmpty();
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).containsExactly("c2");
    }

    @Test
    void recordsExpirePastApiGatewaysTwoHourMaximum() {
        sessions.connected(acme.context(), "c1");
        sessions.subscribe(acme.context(), "c1", "host:" + acmeHost);
        clock.advance(Duration.ofHours(2).plusMinutes(14));
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).containsExactly("c1");
        clock.advance(Duration.ofMinutes(2));
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).isEmpty();
        assertThat(connections.find(acme.context(), "c1")).isEmpty();
    }

    @Test
    void subscriptionsPerConnectionAreCappedAndRepeatsAreFree() {
        sessions.connected(acme.context(), "c1");
        HostService hosts = new HostService(store, identity.hasher, clock);
        for (int i = 0; i < UiSessions.MAX_SUBSCRIPTIONS; i++) {
            String id = hosts.create(acme.context(), new HostService.NewHost("h" + i, "linux", List.of(), false, false)).host().id();
            sessions.subscribe(acme.context(), "c1", "host:" + id);
        }
        String first = connections.channelsOf(acme.context(), "c1").get(0);
        sessions.subscribe(acme.context(), "c1", first);
        assertThat(refusal(() -> sessions.subscribe(acme.context(), "c1", "host:" + acmeHost))).isEqualTo(DomainException.Kind.BAD_REQUEST);
        assertThat(connections.channelsOf(acme.context(), "c1")).hasSize(UiSessions.MAX_SUBSCRIPTIONS);
    }

    @Test
    void aFrameOverTheMessageLimitIsNotSent() {
        sessions.connected(acme.context(), "c1");
        sessions.subscribe(acme.context(), "c1", "host:" + acmeHost);
        String big = "x".repeat(AgentChannel.MAX_MESSAGE_BYTES);
        assertThat(channel.publish(acme.context(), UiChannelName.host(acmeHost), Map.of("type", "report_received", "note", big))).isZero();
        assertThat(gateway.posted).isEmpty();
    }

    @Test
    void aRunsOutputArrivesInFramesUnderTheLimitThatReassemble() {
        sessions.connected(acme.context(), "c1");
        UiSessions withRun = new UiSessions(store, (ctx, runId) -> ctx.tenantId().equals(acme.context().tenantId()) && runId.equals("r1"), clock);
        withRun.subscribe(acme.context(), "c1", "run:r1");
        sessions.connected(globex.context(), "g1");
        assertThat(refusal(() -> withRun.subscribe(globex.context(), "g1", "run:r1"))).isEqualTo(DomainException.Kind.NOT_FOUND);
        String output = "é\"line\n".repeat(40_000);

        assertThat(channel.publishAll(acme.context(), UiChannelName.run("r1"), RunFrames.snapshot("r1", "running", output, null))).isEqualTo(1);
        assertThat(gateway.posted).hasSizeGreaterThan(2)
                .allSatisfy(m -> assertThat(m.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(AgentChannel.MAX_MESSAGE_BYTES + 3));
        StringBuilder joined = new StringBuilder();
        for (String posted : gateway.posted) {
            com.fasterxml.jackson.databind.JsonNode frame = readJson(posted.substring(posted.indexOf(' ') + 1));
            assertThat(frame.get("offset").asInt()).isEqualTo(joined.length());
            assertThat(frame.get("channel").asText()).isEqualTo("run:r1");
            joined.append(frame.has("shell_output") ? frame.get("shell_output").asText() : frame.get("chunk").asText());
        }
        assertThat(joined.toString()).isEqualTo(output);
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String text) {
        try {
            return Json.newMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
