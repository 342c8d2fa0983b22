package cloud.patchmon.ws;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentConnection;
import cloud.patchmon.core.realtime.AgentConnections;
import cloud.patchmon.core.realtime.AgentJob;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.realtime.ConnectFollowUp;
import cloud.patchmon.core.realtime.ConnectionGoneException;
import cloud.patchmon.core.realtime.LambdaConnectFollowUp;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.CommandAckRepository;
import cloud.patchmon.core.realtime.ConnectionRepository;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.health.AgentPresence;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnection;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.MutableClock;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real handlers driven by API Gateway WebSocket events (src/test/resources/events), against DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class AgentsWebSocketHandlersIntegrationTest {

    private static final ObjectMapper JSON = Json.newMapper();

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext globex = TenantContext.system(new TenantId("globex"), "test");
    private DynamoDbClient ddb;
    private AgentsAuthorizerHandler authorizer;
    private AgentsRoutesHandler routes;
    private AgentConnections connections;
    private CommandAckRepository acks;
    private HostService.Credentials acmeHost;
    private HostService.Credentials globexHost;
    private final List<String> pushed = new CopyOnWriteArrayList<>();
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private UiChannel browsers;
    private AgentPresence presence;
    private DynamoItemStore store;
    private AgentJobs jobs;
    /** The agents API as the follow-up finds it: posts recorded, connections in {@code closed} answer Gone. */
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final ConnectionGateway agents = (connectionId, message) -> {
        if (closed.contains(connectionId)) {
            throw new ConnectionGoneException(connectionId);
        }
        posted.add(connectionId + " " + message);
    };
    private final List<String> followUps = new CopyOnWriteArrayList<>();
    private final List<String> stages = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    AgentsWebSocketHandlersIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        DynamoItemStore store = new DynamoItemStore(ddb, table.tableName(), JSON, clock);
        PasswordHasher hasher = new PasswordHasher(4);
        HostService hosts = new HostService(store, hasher, clock);
        acmeHost = hosts.create(acme, new HostService.NewHost("web-1", "linux", List.of(), false, false));
        globexHost = hosts.create(globex, new HostService.NewHost("db-1", "linux", List.of(), false, false));
        connections = new AgentConnections(new ConnectionRepository(store), clock);
        acks = new CommandAckRepository(store);
        authorizer = new AgentsAuthorizerHandler(new AgentAuthenticator(store, hasher, clock));
        browsers = new UiChannel(new UiConnectionRepository(store), (connectionId, message) -> pushed.add(connectionId + " " + message), JSON);
        presence = new AgentPresence(connections, new HostHealth(store, events::add, new HostLiveEvents(browsers), clock), new HostLiveEvents(browsers));
        AgentRealtime realtime = AgentRealtime.create(store, agents, clock);
        jobs = realtime.jobs();
        routes = new AgentsRoutesHandler(presence, realtime.messages(), realtime.jobs(), (apiId, stage) -> {
            stages.add(apiId + "/" + stage);
            return realtime.jobs();
        }, (ctx, hostId, connection) -> followUps.add(ctx.tenantId().value() + " " + hostId + " " + connection), waits::add);
        this.store = store;
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    /** A captured event with its placeholders filled in ({@code {{BODY}}} JSON-escaped, as API Gateway passes the frame). */
    static Map<String, Object> event(String name, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = AgentsWebSocketHandlersIntegrationTest.class.getResourceAsStream("/events/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            String replacement = value.getKey().equals("BODY") ? JSON.writeValueAsString(value.getValue()).replaceAll("^\"|\"$", "") : value.getValue();
            text = text.replace("{{" + value.getKey() + "}}", replacement);
        }
        return JSON.readValue(text, new TypeReference<>() {
        });
    }

    private Map<String, Object> authorize(String apiId, String apiKey) throws IOException {
        return authorizer.handleRequest(event("connect-authorizer.json", Map.of("API_ID", apiId, "API_KEY", apiKey)), null);
    }

    private Map<String, String> connectionOf(Map<String, Object> allowed, String connectionId) {
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) allowed.get("context");
        Map<String, String> values = new HashMap<>();
        values.put("TENANT", (String) context.get("tenantId"));
        values.put("HOST", (String) context.get("hostId"));
        values.put("CONNECTION", connectionId);
        values.put("API_ID", "ignored");
        values.put("API_KEY", "ignored");
        return values;
    }

    private Map<String, Object> send(Map<String, String> connection, String frame) throws IOException {
        Map<String, String> values = new HashMap<>(connection);
        values.put("BODY", frame);
        return routes.handleRequest(event("message.json", values), null);
    }

    @Test
    void theAuthorizerAllowsValidAgentCredentialsWithTheirTenantAndHostInTheContext() throws IOException {
        Map<String, Object> allowed = authorize(acmeHost.host().apiId(), acmeHost.apiKey());

        assertThat(allowed).containsEntry("principalId", acmeHost.host().id());
        assertThat(allowed.get("context")).isEqualTo(Map.of("tenantId", "acme", "hostId", acmeHost.host().id()));
        assertThat(allowed.get("policyDocument").toString())
                .contains("Effect=Allow", "arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/$connect");
    }

    @Test
    void theAuthorizerRefusesMissingOrWrongCredentialsAsApiGatewaysUnauthorized() {
        for (String[] credentials : new String[][]{
                {acmeHost.host().apiId(), "wrong-key"},
                {acmeHost.host().apiId(), globexHost.apiKey()},
                {"no-such-id", acmeHost.apiKey()},
                {"", ""}}) {
            assertThatThrownBy(() -> authorize(credentials[0], credentials[1])).as(String.join("/", credentials))
                    .isInstanceOf(IllegalStateException.class).hasMessage("Unauthorized");
        }
    }

    @Test
    void connectRecordsTheAuthorisedHostAndDisconnectRemovesIt() throws IOException {
        Map<String, String> connection = connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "CLQ6tePhjoECJhw=");

        assertThat(routes.handleRequest(event("connect.json", connection), null)).containsEntry("statusCode", 200);
        AgentConnection recorded = connections.of(acme, acmeHost.host().id()).orElseThrow();
        assertThat(recorded.connectionId()).isEqualTo("CLQ6tePhjoECJhw=");
        assertThat(recorded.secure()).isTrue();
        assertThat(recorded.sourceIp()).isEqualTo("198.51.100.23");

        assertThat(routes.handleRequest(event("disconnect.json", connection), null)).containsEntry("statusCode", 200);
        assertThat(connections.of(acme, acmeHost.host().id())).isEmpty();
    }

    @Test
    void aLateDisconnectOfAnEarlierConnectionLeavesTheHostConnected() throws IOException {
        Map<String, Object> allowed = authorize(acmeHost.host().apiId(), acmeHost.apiKey());
        Map<String, String> first = connectionOf(allowed, "first=");
        Map<String, String> second = connectionOf(allowed, "second=");
        routes.handleRequest(event("connect.json", first), null);
        routes.handleRequest(event("connect.json", second), null);

        routes.handleRequest(event("disconnect.json", first), null);

        assertThat(connections.of(acme, acmeHost.host().id())).map(AgentConnection::connectionId).contains("second=");
    }

    @Test
    void anAckIsRecordedForTheConnectionsOwnHostAndTenant() throws IOException {
        Map<String, String> connection = connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c1=");
        Map<String, Object> answer = send(connection, "{\"type\":\"command_ack\",\"job_id\":\"job-7\",\"status\":\"completed\"}");

        assertThat(answer).containsEntry("statusCode", 200);
        assertThat(acks.find(acme, acmeHost.host().id(), "job-7")).map(a -> a.status()).contains("completed");
        assertThat(acks.find(globex, acmeHost.host().id(), "job-7")).isEmpty();
    }

    @Test
    void aFrameNamingAnotherTenantsHostIsRefusedAndRecordsNothing() throws IOException {
        Map<String, String> connection = connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c1=");
        String globexHostId = globexHost.host().id();

        Map<String, Object> answer = send(connection,
                "{\"type\":\"command_ack\",\"job_id\":\"job-7\",\"status\":\"completed\",\"host_id\":\"" + globexHostId + "\"}");

        assertThat(answer).containsEntry("statusCode", 403).containsEntry("body", "{\"error\":\"A frame may only concern the sending host\"}");
        assertThat(acks.find(acme, acmeHost.host().id(), "job-7")).isEmpty();
        assertThat(acks.find(globex, globexHostId, "job-7")).isEmpty();
    }

    @Test
    void malformedOversizeAndUnknownFramesAreRefusedWithoutCrashing() throws IOException {
        Map<String, String> connection = connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c1=");

        assertThat(send(connection, "{oops")).containsEntry("statusCode", 400)
                .containsEntry("body", "{\"error\":\"Malformed frame: expected a JSON object\"}");
        assertThat(send(connection, "{\"type\":\"report_now\"}")).containsEntry("statusCode", 400);
        assertThat(send(connection, "{\"type\":\"docker_status\",\"pad\":\"" + "x".repeat(130 * 1024) + "\"}"))
                .containsEntry("statusCode", 400).containsEntry("body", "{\"error\":\"Frame exceeds the 128 KB message limit\"}");
        Map<String, Object> binary = event("message.json", Map.of("TENANT", "acme", "HOST", acmeHost.host().id(), "CONNECTION", "c1=", "BODY", "AAEC"));
        binary.put("isBase64Encoded", true);
        assertThat(routes.handleRequest(binary, null)).containsEntry("statusCode", 400);
        assertThat(send(connection, "{\"type\":\"compliance_scan_progress\",\"phase\":\"evaluating\"}")).containsEntry("statusCode", 200);
    }

    @Test
    void eventsWithoutAnAuthorisedConnectionAreRefused() throws IOException {
        Map<String, Object> forged = event("message.json", Map.of("TENANT", "acme", "HOST", acmeHost.host().id(), "CONNECTION", "c1=",
                "BODY", "{\"type\":\"command_ack\",\"job_id\":\"j\",\"status\":\"ok\"}"));
        @SuppressWarnings("unchecked")
        Map<String, Object> requestContext = (Map<String, Object>) forged.get("requestContext");
        requestContext.remove("authorizer");
        assertThat(routes.handleRequest(forged, null)).containsEntry("statusCode", 401);
        assertThat(routes.handleRequest(Map.of(), null)).containsEntry("statusCode", 401);
        assertThat(routes.handleRequest(null, null)).containsEntry("statusCode", 401);
        assertThat(acks.find(acme, acmeHost.host().id(), "j")).isEmpty();
    }

    @Test
    void aStorageFailureIsA500WithoutItsText() throws IOException {
        Map<String, String> connection = connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c1=");
        DynamoItemStore missingTable = new DynamoItemStore(ddb, "no-such-table", JSON, clock);
        AgentRealtime broken = AgentRealtime.create(missingTable, ConnectionGateway.unconfigured("test"), clock);
        routes = new AgentsRoutesHandler(presence, broken.messages(), broken.jobs(), (apiId, stage) -> broken.jobs(), ConnectFollowUp.NONE, waits::add);
        Map<String, Object> answer = send(connection, "{\"type\":\"command_ack\",\"job_id\":\"job-7\",\"status\":\"completed\"}");
        assertThat(answer).containsEntry("statusCode", 500).containsEntry("body", "{\"error\":\"Internal error\"}");
    }

    @Test
    void connectAndDisconnectArePushedToTheHostsWatchersOnly() throws IOException {
        UiConnectionRepository watchers = new UiConnectionRepository(store);
        UiConnection watcher = new UiConnection("b1", "u1", clock.instant());
        watchers.save(acme, watcher);
        watchers.subscribe(acme, watcher, "host:" + acmeHost.host().id());
        UiConnection other = new UiConnection("g1", "u2", clock.instant());
        watchers.save(globex, other);
        watchers.subscribe(globex, other, "host:" + globexHost.host().id());

        Map<String, String> connection = connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c1=");
        assertThat(routes.handleRequest(event("connect.json", connection), null)).containsEntry("statusCode", 200);
        assertThat(routes.handleRequest(event("disconnect.json", connection), null)).containsEntry("statusCode", 200);

        assertThat(pushed).hasSize(2).allSatisfy(m -> assertThat(m).startsWith("b1 "));
        com.fasterxml.jackson.databind.JsonNode frame = JSON.readTree(pushed.get(0).substring(3));
        assertThat(frame.get("type").asText()).isEqualTo("agent_connected");
        assertThat(frame.get("secure").asBoolean()).isTrue();
        assertThat(frame.get("channel").asText()).isEqualTo("host:" + acmeHost.host().id());
        assertThat(JSON.readTree(pushed.get(1).substring(3)).get("type").asText()).isEqualTo("agent_disconnected");
    }

    /** A job dispatched while the host is offline: delayed until a connection's follow-up. */
    private AgentJob delayedJob() {
        AgentJob job = jobs.dispatch(acme, acmeHost.host().id(), "report_now", Map.of());
        assertThat(job.status()).isEqualTo(AgentJob.DELAYED);
        return job;
    }

    private Map<String, Object> followUp(String tenant, String hostId, String connectionId) {
        Map<String, Object> payload = new HashMap<>();
        payload.put(LambdaConnectFollowUp.MARKER, LambdaConnectFollowUp.DELIVER_PENDING);
        payload.put("tenant_id", tenant);
        payload.put("host_id", hostId);
        payload.put("connection_id", connectionId);
        payload.put("api_id", "abc123def4");
        payload.put("stage", "prod");
        return payload;
    }

    @Test
    void aConnectOfAHostWithDelayedJobsAsksForAFollowUpOnItsStage() throws IOException {
        Map<String, String> connection = connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c1=");
        routes.handleRequest(event("connect.json", connection), null);
        assertThat(followUps).isEmpty();
        routes.handleRequest(event("disconnect.json", connection), null);

        delayedJob();
        assertThat(routes.handleRequest(event("connect.json", connection), null)).containsEntry("statusCode", 200);

        assertThat(followUps).containsExactly("acme " + acmeHost.host().id() + " " + new ConnectFollowUp.Connection("c1=", "abc123def4", "prod"));
        assertThat(posted).as("nothing is posted while $connect runs").isEmpty();
    }

    @Test
    void theFollowUpDeliversTheDelayedJobsToTheCurrentConnectionAfterAWait() throws IOException {
        AgentJob job = delayedJob();
        routes.handleRequest(event("connect.json", connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c1=")), null);

        assertThat(routes.handleRequest(followUp("acme", acmeHost.host().id(), "c1="), null)).containsEntry("statusCode", 200);

        assertThat(waits).containsExactly(AgentsRoutesHandler.FOLLOW_UP_WAIT);
        assertThat(stages).as("posted through the stage its $connect came through").containsExactly("abc123def4/prod");
        assertThat(posted).hasSize(1).allSatisfy(p -> assertThat(p).startsWith("c1= ").contains("\"job_id\":\"" + job.jobId() + "\""));
        assertThat(jobs.find(acme, acmeHost.host().id(), job.jobId())).map(AgentJob::status).contains(AgentJob.ACTIVE);
    }

    @Test
    void aStaleFollowUpOrOneForAnotherTenantSendsNothing() throws IOException {
        AgentJob job = delayedJob();
        Map<String, Object> allowed = authorize(acmeHost.host().apiId(), acmeHost.apiKey());
        routes.handleRequest(event("connect.json", connectionOf(allowed, "first=")), null);
        routes.handleRequest(event("connect.json", connectionOf(allowed, "second=")), null);

        assertThat(routes.handleRequest(followUp("acme", acmeHost.host().id(), "first="), null)).containsEntry("statusCode", 200);
        assertThat(routes.handleRequest(followUp("globex", acmeHost.host().id(), "second="), null)).containsEntry("statusCode", 200);

        assertThat(posted).isEmpty();
        assertThat(jobs.find(acme, acmeHost.host().id(), job.jobId())).map(AgentJob::status).contains(AgentJob.DELAYED);
        assertThat(connections.of(acme, acmeHost.host().id())).map(AgentConnection::connectionId).contains("second=");
    }

    @Test
    void aConnectionNotOpenYetKeepsItsRecordAndTheJobAfterTheSecondAttempt() throws IOException {
        AgentJob job = delayedJob();
        routes.handleRequest(event("connect.json", connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c1=")), null);
        closed.add("c1=");

        assertThat(routes.handleRequest(followUp("acme", acmeHost.host().id(), "c1="), null)).containsEntry("statusCode", 200);

        assertThat(waits).hasSize(2);
        assertThat(posted).isEmpty();
        assertThat(connections.of(acme, acmeHost.host().id())).map(AgentConnection::connectionId).contains("c1=");
        assertThat(jobs.find(acme, acmeHost.host().id(), job.jobId())).map(AgentJob::status).contains(AgentJob.DELAYED);
    }

    @Test
    void aMalformedOrFailingFollowUpNeverThrows() throws IOException {
        delayedJob();
        routes.handleRequest(event("connect.json", connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c1=")), null);
        Map<String, Object> missing = followUp("acme", acmeHost.host().id(), "c1=");
        missing.remove("connection_id");
        assertThat(routes.handleRequest(missing, null)).containsEntry("statusCode", 400);

        AgentRealtime realtime = AgentRealtime.create(store, agents, clock);
        routes = new AgentsRoutesHandler(presence, realtime.messages(), realtime.jobs(), (apiId, stage) -> {
            throw new IllegalStateException("no stage");
        }, (ctx, hostId, connection) -> {
            throw new IllegalStateException("no follow-up");
        }, waits::add);
        assertThat(routes.handleRequest(followUp("acme", acmeHost.host().id(), "c1="), null)).containsEntry("statusCode", 500);
        assertThat(routes.handleRequest(event("connect.json", connectionOf(authorize(acmeHost.host().apiId(), acmeHost.apiKey()), "c2=")), null))
                .as("a failing follow-up request never refuses the connect").containsEntry("statusCode", 200);
        assertThat(posted).isEmpty();
    }
}
