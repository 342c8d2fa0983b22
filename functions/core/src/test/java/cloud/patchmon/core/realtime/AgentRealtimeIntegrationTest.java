package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.HostService;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connection records, the agent channel and incoming frames against DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class AgentRealtimeIntegrationTest {

    /** Stands in for API Gateway: records posts, answers 410 for connections that closed. */
    static final class FakeGateway implements ConnectionGateway {
        final List<String> posted = new ArrayList<>();
        final Set<String> gone = ConcurrentHashMap.newKeySet();

        @Override
        public void post(String connectionId, String message) {
            if (gone.contains(connectionId)) {
                throw new ConnectionGoneException(connectionId);
            }
            posted.add(connectionId + " " + message);
        }

        @Override
        public void disconnect(String connectionId) {
            gone.add(connectionId);
        }
    }

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext globex = TenantContext.system(new TenantId("globex"), "test");
    private final CapacityMeter meter = new CapacityMeter();
    private final FakeGateway gateway = new FakeGateway();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private AgentConnections connections;
    private AgentChannel channel;
    private AgentMessages messages;
    private CommandAckRepository acks;

    AgentRealtimeIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        ConnectionRepository repository = new ConnectionRepository(store);
        connections = new AgentConnections(repository, clock);
        channel = new AgentChannel(repository, gateway, Json.newMapper());
        acks = new CommandAckRepository(store);
        messages = AgentRealtime.create(store, gateway, clock).messages();
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    @Test
    void aConnectRecordsTheHostsConnectionAndTheLatestDialWins() {
        connections.connected(acme, "h1", "conn-A", true, "198.51.100.7");
        clock.advance(Duration.ofSeconds(5));
        connections.connected(acme, "h1", "conn-B", false, "198.51.100.8");

        assertThat(connections.of(acme, "h1")).hasValueSatisfying(c -> {
            assertThat(c.connectionId()).isEqualTo("conn-B");
            assertThat(c.secure()).isFalse();
            assertThat(c.sourceIp()).isEqualTo("198.51.100.8");
            assertThat(c.connectedAt()).isEqualTo(clock.instant());
        });
        // The old connection's late $disconnect leaves the new one alone.
        assertThat(connections.disconnected(acme, "h1", "conn-A")).isFalse();
        assertThat(connections.of(acme, "h1")).isPresent();
        assertThat(connections.disconnected(acme, "h1", "conn-B")).isTrue();
        assertThat(connections.of(acme, "h1")).isEmpty();
    }

    @Test
    void connectionsAreTheTenantsOwnAndOneQueryReadsThemAll() {
        connections.connected(acme, "h1", "c1", true, "192.0.2.1");
        connections.connected(acme, "h2", "c2", true, "192.0.2.2");
        connections.connected(globex, "h3", "c3", true, "192.0.2.3");

        try (CapacityMeter.Scope scope = meter.open()) {
            assertThat(connections.all(acme)).containsOnlyKeys("h1", "h2");
            assertThat(scope.tally().calls()).isEqualTo(1);
            assertThat(scope.tally().readUnits()).isLessThanOrEqualTo(0.5);
        }
        assertThat(connections.of(globex, "h1")).isEmpty();
        assertThat(connections.disconnected(globex, "h1", "c1")).isFalse();
        assertThat(connections.of(acme, "h1")).isPresent();
    }

    @Test
    void aRecordOutlivingApiGatewaysTwoHourMaximumIsNoConnection() {
        connections.connected(acme, "h1", "c1", true, "192.0.2.1");
        clock.advance(Duration.ofHours(2).plusMinutes(16));
        assertThat(connections.of(acme, "h1")).isEmpty();
        assertThat(connections.all(acme)).isEmpty();
    }

    @Test
    void aCommandReachesTheHostsCurrentConnectionOnly() {
        connections.connected(acme, "h1", "c1", true, "192.0.2.1");
        assertThat(channel.send(acme, "h1", Map.of("type", "report_now"))).isEqualTo(AgentChannel.Delivery.SENT);
        assertThat(channel.send(acme, "h2", Map.of("type", "report_now"))).isEqualTo(AgentChannel.Delivery.NOT_CONNECTED);
        assertThat(channel.send(globex, "h1", Map.of("type", "report_now"))).isEqualTo(AgentChannel.Delivery.NOT_CONNECTED);
        assertThat(gateway.posted).containsExactly("c1 {\"type\":\"report_now\"}");
    }

    @Test
    void aGoneConnectionIsRemovedAndReportedNotConnected() {
        connections.connected(acme, "h1", "c1", true, "192.0.2.1");
        gateway.gone.add("c1");
        assertThat(channel.send(acme, "h1", Map.of("type", "report_now"))).isEqualTo(AgentChannel.Delivery.NOT_CONNECTED);
        assertThat(connections.of(acme, "h1")).isEmpty();
    }

    @Test
    void oversizeOrUntypedCommandsAreRefusedUnsent() {
        connections.connected(acme, "h1", "c1", true, "192.0.2.1");
        String big = "x".repeat(AgentChannel.MAX_MESSAGE_BYTES);
        assertThatThrownBy(() -> channel.send(acme, "h1", Map.of("type", "ssh_proxy_input", "data", big)))
                .isInstanceOf(DomainException.class).hasMessageContaining("128 KB");
        assertThatThrownBy(() -> channel.send(acme, "h1", Map.of("data", "x"))).isInstanceOf(DomainException.class);
        // Just under the limit goes through: the limit is on the whole message.
        String fits = "x".repeat(AgentChannel.MAX_MESSAGE_BYTES - "{\"type\":\"t\",\"data\":\"\"}".length());
        assertThat(channel.send(acme, "h1", new java.util.TreeMap<>(Map.of("type", "t", "data", fits)))).isEqualTo(AgentChannel.Delivery.SENT);
        assertThat(gateway.posted).hasSize(1);
    }

    @Test
    void anAckIsRecordedForTheSendingHost() {
        assertThat(messages.accept(acme, "h1", "{\"type\":\"command_ack\",\"job_id\":\"job-1\",\"status\":\"failed\",\"error\":\"apt busy\"}"))
                .isEqualTo("command_ack");
        assertThat(acks.find(acme, "h1", "job-1")).hasValueSatisfying(a -> {
            assertThat(a.status()).isEqualTo("failed");
            assertThat(a.error()).isEqualTo("apt busy");
            assertThat(a.receivedAt()).isEqualTo(clock.instant());
        });
        assertThat(acks.find(globex, "h1", "job-1")).isEmpty();
        assertThat(messages.accept(acme, "h1", "{\"type\":\"docker_status\",\"event\":{\"type\":\"container_start\"}}")).isEqualTo("docker_status");
    }

    @Test
    void badFramesAreRefusedAndRecordNothing() {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("", "Empty frame");
        refused.put("not json", "Malformed frame: expected a JSON object");
        refused.put("[1,2]", "Malformed frame: expected a JSON object");
        refused.put("{\"no\":\"type\"}", "Frame has no type");
        refused.put("{\"type\":\"run_patch\"}", "Unknown message type");
        refused.put("{\"type\":\"command_ack\",\"status\":\"done\"}", "command_ack needs a job_id");
        refused.put("{\"type\":\"command_ack\",\"job_id\":\"j/../x\",\"status\":\"done\"}", "command_ack needs a job_id");
        refused.put("{\"type\":\"command_ack\",\"job_id\":\"j1\"}", "command_ack needs a status");
        refused.put("{\"type\":\"command_ack\",\"job_id\":\"j1\",\"status\":\"ok\",\"error\":{\"x\":1}}",
                "command_ack error must be text of at most 2000 characters");
        refused.put("{\"type\":\"command_ack\",\"job_id\":\"j1\",\"status\":\"ok\",\"host_id\":\"other-host\"}",
                "A frame may only concern the sending host");
        refused.put("{\"type\":\"docker_status\",\"hostId\":42}", "A frame may only concern the sending host");
        refused.put("{\"type\":\"docker_status\",\"data\":\"" + "x".repeat(AgentChannel.MAX_MESSAGE_BYTES) + "\"}",
                "Frame exceeds the 128 KB message limit");
        refused.forEach((frame, error) -> assertThatThrownBy(() -> messages.accept(acme, "h1", frame)).as(frame)
                .isInstanceOf(DomainException.class).hasMessage(error));
        assertThat(acks.find(acme, "h1", "j1")).isEmpty();
        assertThat(messages.accept(acme, "h1", "{\"type\":\"command_ack\",\"job_id\":\"j1\",\"status\":\"ok\",\"host_id\":\"h1\"}"))
                .isEqualTo("command_ack");
    }

    @Test
    void deletingAHostRemovesItsConnectionRecord() {
        HostService hosts = new HostService(store, new PasswordHasher(4), clock);
        String hostId = hosts.create(acme, new HostService.NewHost("web-1", "linux", List.of(), false, false)).host().id();
        connections.connected(acme, hostId, "c1", true, "192.0.2.1");
        hosts.delete(acme, hostId);
        assertThat(connections.of(acme, hostId)).isEmpty();
    }
}
