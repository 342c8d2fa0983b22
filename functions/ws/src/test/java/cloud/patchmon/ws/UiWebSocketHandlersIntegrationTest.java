package cloud.patchmon.ws;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.patching.PatchRun;
import cloud.patchmon.core.patching.PatchRunRepository;
import cloud.patchmon.core.patching.PatchRunSubscriptions;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.realtime.UiSessions;
import cloud.patchmon.core.realtime.WsTickets;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static cloud.patchmon.ws.AgentsWebSocketHandlersIntegrationTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ui API's authorizer and routes with API Gateway's event shapes, against DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class UiWebSocketHandlersIntegrationTest {

    private static final ObjectMapper JSON = Json.newMapper();

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<String> pushed = new CopyOnWriteArrayList<>();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private WsTickets tickets;
    private UiAuthorizerHandler authorizer;
    private UiRoutesHandler routes;
    private UiConnectionRepository connections;
    private AuthenticatedUser acme;
    private AuthenticatedUser globex;
    private String acmeHost;
    private String globexHost;

    UiWebSocketHandlersIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        DynamoItemStore store = new DynamoItemStore(ddb, table.tableName(), JSON, clock);
        IdentityFixture identity = new IdentityFixture(store, clock);
        acme = identity.signup("Acme");
        globex = identity.signup("Globex");
        HostService hosts = new HostService(store, identity.hasher, clock);
        acmeHost = hosts.create(acme.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false)).host().id();
        globexHost = hosts.create(globex.context(), new HostService.NewHost("db-1", "linux", List.of(), false, false)).host().id();
        tickets = new WsTickets(store, clock);
        connections = new UiConnectionRepository(store);
        authorizer = new UiAuthorizerHandler(tickets);
        this.store = store;
        routes = new UiRoutesHandler(new UiSessions(store, new PatchRunSubscriptions(store), clock),
                new UiChannel(connections, (connectionId, message) -> pushed.add(connectionId + " " + message), JSON));
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private Map<String, Object> authorize(String ticket) throws IOException {
        return authorizer.handleRequest(event("ui-connect-authorizer.json", Map.of("TICKET", ticket)), null);
    }

    /** Opens a connection as API Gateway would: the authorizer, then {@code $connect} with its context. */
    private Map<String, String> open(AuthenticatedUser user, String connectionId) throws IOException {
        Map<String, Object> allowed = authorize(tickets.issue(user.context()).ticket());
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) allowed.get("context");
        Map<String, String> values = new HashMap<>();
        values.put("TENANT", (String) context.get("tenantId"));
        values.put("USER", (String) context.get("userId"));
        values.put("CONNECTION", connectionId);
        values.put("TICKET", "spent");
        assertThat(routes.handleRequest(event("ui-connect.json", values), null)).containsEntry("statusCode", 200);
        return values;
    }

    private Map<String, Object> send(Map<String, String> connection, String route, String frame) throws IOException {
        Map<String, String> values = new HashMap<>(connection);
        values.put("ROUTE", route);
        values.put("BODY", frame);
        return routes.handleRequest(event("ui-message.json", values), null);
    }

    private JsonNode lastPushed(String connectionId) throws IOException {
        String last = pushed.get(pushed.size() - 1);
        assertThat(last).startsWith(connectionId + " ");
        return JSON.readTree(last.substring(connectionId.length() + 1));
    }

    @Test
    void aTicketOpensOneConnectionForItsUserAndTenant() throws IOException {
        String ticket = tickets.issue(acme.context()).ticket();
        Map<String, Object> allowed = authorize(ticket);
        assertThat(allowed).containsEntry("principalId", acme.context().principal().id());
        assertThat(allowed.get("context")).isEqualTo(Map.of("tenantId", acme.context().tenantId().value(), "userId", acme.context().principal().id()));
        assertThat(allowed.get("policyDocument").toString()).contains("Effect=Allow", "uiapi12345/prod/$connect");

        // Replayed, expired, made-up, missing: API Gateway's 401.
        assertThatThrownBy(() -> authorize(ticket)).hasMessage("Unauthorized");
        String late = tickets.issue(acme.context()).ticket();
        clock.advance(WsTickets.LIFETIME.plus(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> authorize(late)).hasMessage("Unauthorized");
        assertThatThrownBy(() -> authorize("made-up")).hasMessage("Unauthorized");
        assertThatThrownBy(() -> authorize("")).hasMessage("Unauthorized");
        assertThatThrownBy(() -> authorizer.handleRequest(Map.of(), null)).hasMessage("Unauthorized");
    }

    @Test
    void aRunSubscriptionIsAnsweredWithThePersistedOutputAndAnEndedRunsDone() throws IOException {
        PatchRunRepository runs = new PatchRunRepository(store);
        PatchRun run = new PatchRun("run_0001764583200000_00ff", acmeHost, "web-1", "web-1", PatchRun.PATCH_PACKAGE, true, List.of("curl"),
                PatchRun.VALIDATED, null, List.of(), "alice", null, clock.instant(), clock.instant(), clock.instant(), null, null, null,
                PolicySnapshot.DEFAULT.toJson(), null, false, false, 0, 0, null, null, null, null, 0, 0);
        runs.create(acme.context(), run);
        runs.writeGeneration(acme.context(), run.id(), 1, "Inst curl\n");
        PatchRun.Builder written = run.toBuilder();
        written.outputGeneration = 1;
        written.outputLength = "Inst curl\n".length();
        runs.replace(acme.context(), run, written.build());

        Map<String, String> c1 = open(acme, "c1=");
        assertThat(send(c1, "subscribe", "{\"type\":\"subscribe\",\"channel\":\"run:" + run.id() + "\"}")).containsEntry("statusCode", 200);
        List<JsonNode> frames = new java.util.ArrayList<>();
        for (String message : pushed) {
            frames.add(JSON.readTree(message.substring("c1= ".length())));
        }
        assertThat(frames).extracting(f -> f.get("type").asText()).containsExactly("subscribed", "snapshot", "done");
        assertThat(frames.get(1).get("shell_output").asText()).isEqualTo("Inst curl\n");
        assertThat(frames.get(1).get("stage").asText()).isEqualTo("validated");
        assertThat(frames.get(1).get("channel").asText()).isEqualTo("run:" + run.id());
        assertThat(frames.get(2).get("length").asInt()).isEqualTo("Inst curl\n".length());

        // Another tenant's user: the run is not found, nothing is recorded.
        Map<String, String> g1 = open(globex, "g1=");
        assertThat(send(g1, "subscribe", "{\"type\":\"subscribe\",\"channel\":\"run:" + run.id() + "\"}")).containsEntry("statusCode", 404);
        assertThat(lastPushed("g1=").get("error").asText()).isEqualTo("Run not found");
        assertThat(connections.subscribers(globex.context(), "run:" + run.id())).isEmpty();
    }

    @Test
    void subscribingToAnOwnHostIsAnsweredAndRecorded() throws IOException {
        Map<String, String> c1 = open(acme, "c1=");
        assertThat(send(c1, "subscribe", "{\"type\":\"subscribe\",\"channel\":\"host:" + acmeHost + "\"}")).containsEntry("statusCode", 200);
        assertThat(lastPushed("c1=")).isEqualTo(JSON.readTree("{\"type\":\"subscribed\",\"channel\":\"host:" + acmeHost + "\"}"));
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).containsExactly("c1=");

        assertThat(send(c1, "unsubscribe", "{\"type\":\"unsubscribe\",\"channel\":\"host:" + acmeHost + "\"}")).containsEntry("statusCode", 200);
        assertThat(lastPushed("c1=").get("type").asText()).isEqualTo("unsubscribed");
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).isEmpty();

        assertThat(send(c1, "$default", "{\"type\":\"ping\"}")).containsEntry("statusCode", 200);
        assertThat(lastPushed("c1=").get("type").asText()).isEqualTo("pong");
    }

    @Test
    void anotherTenantsHostInAFrameIsRefusedWithAnErrorFrameAndNothingStored() throws IOException {
        Map<String, String> c1 = open(acme, "c1=");
        Map<String, Object> answer = send(c1, "subscribe", "{\"type\":\"subscribe\",\"channel\":\"host:" + globexHost + "\"}");
        assertThat(answer).containsEntry("statusCode", 404).containsEntry("body", "{\"error\":\"Host not found\"}");
        assertThat(lastPushed("c1=")).isEqualTo(JSON.readTree("{\"type\":\"error\",\"error\":\"Host not found\",\"channel\":\"host:" + globexHost + "\"}"));
        assertThat(connections.channelsOf(acme.context(), "c1=")).isEmpty();
        assertThat(connections.subscribers(globex.context(), "host:" + globexHost)).isEmpty();
        // A tenant id in the frame changes nothing: only the ticket's tenant counts.
        assertThat(send(c1, "subscribe", "{\"type\":\"subscribe\",\"channel\":\"host:" + globexHost + "\",\"tenant_id\":\""
                + globex.context().tenantId().value() + "\"}")).containsEntry("statusCode", 404);
    }

    @Test
    void malformedOversizeBinaryAndUnknownFramesAreRefusedAndNothingCrashes() throws IOException {
        Map<String, String> c1 = open(acme, "c1=");
        assertThat(send(c1, "$default", "not json")).containsEntry("statusCode", 400);
        assertThat(lastPushed("c1=").get("error").asText()).isEqualTo("Malformed frame: expected a JSON object");
        assertThat(send(c1, "$default", "[1,2]")).containsEntry("statusCode", 400);
        assertThat(send(c1, "$default", "{\"type\":\"drop_table\"}")).containsEntry("statusCode", 400);
        assertThat(lastPushed("c1=").get("error").asText()).isEqualTo("Unknown message type");
        assertThat(send(c1, "subscribe", "{\"type\":\"subscribe\",\"channel\":42}")).containsEntry("statusCode", 400);
        assertThat(send(c1, "subscribe", "{\"type\":\"subscribe\",\"channel\":\"tenant:x\"}")).containsEntry("statusCode", 400);
        assertThat(send(c1, "subscribe", "{\"type\":\"subscribe\",\"channel\":\"host:" + "x".repeat(200_000) + "\"}")).containsEntry("statusCode", 400);
        assertThat(lastPushed("c1=").get("error").asText()).isEqualTo("Frame exceeds the 128 KB message limit");

        Map<String, Object> binary = event("ui-message.json", Map.of("TENANT", c1.get("TENANT"), "USER", c1.get("USER"), "CONNECTION", "c1=",
                "ROUTE", "$default", "BODY", "AAEC"));
        binary.put("isBase64Encoded", true);
        assertThat(routes.handleRequest(binary, null)).containsEntry("statusCode", 400);

        Map<String, Object> forged = event("ui-message.json", Map.of("TENANT", "", "USER", "", "CONNECTION", "c1=", "ROUTE", "subscribe",
                "BODY", "{}"));
        @SuppressWarnings("unchecked")
        Map<String, Object> requestContext = (Map<String, Object>) forged.get("requestContext");
        requestContext.remove("authorizer");
        assertThat(routes.handleRequest(forged, null)).containsEntry("statusCode", 401);
        assertThat(routes.handleRequest(null, null)).containsEntry("statusCode", 401);
        assertThat(connections.channelsOf(acme.context(), "c1=")).isEmpty();
    }

    @Test
    void disconnectRemovesTheConnectionAndItsSubscriptions() throws IOException {
        Map<String, String> c1 = open(acme, "c1=");
        send(c1, "subscribe", "{\"type\":\"subscribe\",\"channel\":\"host:" + acmeHost + "\"}");
        assertThat(routes.handleRequest(event("ui-disconnect.json", c1), null)).containsEntry("statusCode", 200);
        assertThat(connections.find(acme.context(), "c1=")).isEmpty();
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).isEmpty();
        // A frame on the closed connection's id finds no connection: refused, not resurrected.
        assertThat(send(c1, "subscribe", "{\"type\":\"subscribe\",\"channel\":\"host:" + acmeHost + "\"}")).containsEntry("statusCode", 401);
        assertThat(connections.subscribers(acme.context(), "host:" + acmeHost)).isEmpty();
    }
}
