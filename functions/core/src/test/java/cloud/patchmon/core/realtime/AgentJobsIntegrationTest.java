package cloud.patchmon.core.realtime;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.HostRepository;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Agent jobs, pending configuration and the commands built on them, against DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class AgentJobsIntegrationTest {

    private static final ObjectMapper JSON = Json.newMapper();
    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext globex = TenantContext.system(new TenantId("globex"), "test");
    private final AgentRealtimeIntegrationTest.FakeGateway gateway = new AgentRealtimeIntegrationTest.FakeGateway();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private AgentRealtime realtime;
    private AgentCommands commands;
    private HostService hosts;
    private String web;
    private String db;

    AgentJobsIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), JSON, clock);
        realtime = AgentRealtime.create(store, gateway, clock);
        hosts = new HostService(store, new PasswordHasher(4), clock);
        commands = new AgentCommands(realtime.jobs(), realtime.channel(), hosts);
        web = hosts.create(acme, new HostService.NewHost("web-1", "linux", List.of(), false, false)).host().id();
        db = hosts.create(globex, new HostService.NewHost("db-1", "linux", List.of(), false, false)).host().id();
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private JsonNode lastPosted() throws Exception {
        String posted = gateway.posted.get(gateway.posted.size() - 1);
        return JSON.readTree(posted.substring(posted.indexOf(' ') + 1));
    }

    private void ack(TenantContext ctx, String hostId, String jobId, String status, String error) {
        realtime.messages().accept(ctx, hostId, "{\"type\":\"command_ack\",\"job_id\":\"" + jobId + "\",\"status\":\"" + status + "\""
                + (error == null ? "" : ",\"error\":\"" + error + "\"") + "}");
    }

    @Test
    void aFetchReportIsAJobThatTheAgentsAcksDriveToCompleted() throws Exception {
        realtime.connections().connected(acme, web, "c1", true, "192.0.2.1");
        AgentJob job = commands.fetchReport(acme, web);

        assertThat(job.status()).isEqualTo(AgentJob.ACTIVE);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(lastPosted().get("type").asText()).isEqualTo("report_now");
        assertThat(lastPosted().get("job_id").asText()).isEqualTo(job.jobId());

        ack(acme, web, job.jobId(), "received", null);
        clock.advance(Duration.ofSeconds(3));
        ack(acme, web, job.jobId(), "completed", null);
        // A replayed ack after the end changes nothing.
        ack(acme, web, job.jobId(), "failed", "late");

        AgentJobs.Queue queue = realtime.jobs().queue(acme, web, 10);
        assertThat(queue.totalJobs()).isEqualTo(1);
        assertThat(queue.queueStatus()).containsEntry("active", 0).containsEntry("failed", 0);
        AgentJob done = queue.jobs().get(0);
        assertThat(done.status()).isEqualTo(AgentJob.COMPLETED);
        assertThat(done.errorMessage()).isNull();
        assertThat(done.completedAt()).isEqualTo(clock.instant());
        assertThat(done.history()).extracting(AgentJob.Change::status).containsExactly("waiting", "active", "completed");
    }

    @Test
    void aFailedAckKeepsItsErrorAndOfflineButtonsAnswer409WithoutSending() {
        realtime.connections().connected(acme, web, "c1", true, "192.0.2.1");
        AgentJob job = commands.updateAgent(acme, web);
        ack(acme, web, job.jobId(), "failed", "version 9 failed verification");
        AgentJob failed = realtime.jobs().queue(acme, web, 10).jobs().get(0);
        assertThat(failed.status()).isEqualTo(AgentJob.FAILED);
        assertThat(failed.errorMessage()).isEqualTo("version 9 failed verification");

        realtime.connections().disconnected(acme, web, "c1");
        int posts = gateway.posted.size();
        assertThatThrownBy(() -> commands.fetchReport(acme, web)).isInstanceOf(DomainException.class).hasMessage("Agent is not connected");
        assertThat(gateway.posted).hasSize(posts);
    }

    @Test
    void anOfflineAgentsJobIsDelayedAndGoesOutOnItsNextConnection() throws Exception {
        realtime.pendingConfigs().stage(acme, web, new PendingConfigs.Changes(true, "on-demand", null, null));
        AgentJob job = realtime.pendingConfigs().apply(acme, web);
        assertThat(job.status()).isEqualTo(AgentJob.DELAYED);
        assertThat(gateway.posted).isEmpty();
        assertThat(realtime.jobs().queue(acme, web, 10).queueStatus()).containsEntry("delayed", 1);

        realtime.connections().connected(acme, web, "c2", true, "192.0.2.1");
        assertThat(realtime.jobs().deliverPending(acme, web)).isEqualTo(1);
        JsonNode sent = lastPosted();
        assertThat(sent.get("type").asText()).isEqualTo("apply_config");
        assertThat(sent.get("config")).isEqualTo(JSON.readTree("{\"docker\":true,\"compliance\":{\"enabled\":\"on-demand\"}}"));
        assertThat(realtime.jobs().deliverPending(acme, web)).as("already delivered").isZero();

        // The staging stays until the agent says it applied it; then the host's integrations follow.
        assertThat(realtime.pendingConfigs().view(acme, web).pending()).isNotNull();
        ack(acme, web, job.jobId(), "completed", null);
        PendingConfigs.View view = realtime.pendingConfigs().view(acme, web);
        assertThat(view.pending()).isNull();
        assertThat(view.integrations()).containsEntry("docker", true).containsEntry("compliance", "enabled");
        assertThat(new HostRepository(store).find(acme, web).orElseThrow().dockerEnabled()).isTrue();
    }

    @Test
    void aChangeStagedAgainWhileAnApplyRunsStaysPending() {
        realtime.connections().connected(acme, web, "c1", true, "192.0.2.1");
        realtime.pendingConfigs().stage(acme, web, new PendingConfigs.Changes(true, null, null, null));
        AgentJob first = realtime.pendingConfigs().apply(acme, web);
        realtime.pendingConfigs().stage(acme, web, new PendingConfigs.Changes(null, "enabled", null, null));
        ack(acme, web, first.jobId(), "completed", null);

        PendingConfigs.View view = realtime.pendingConfigs().view(acme, web);
        assertThat(view.integrations()).containsEntry("docker", true);
        assertThat(view.pending()).isNotNull();
        assertThat(view.pending().compliance()).isEqualTo("enabled");
    }

    @Test
    void stagingRefusesNonsenseAndApplyNeedsSomethingStaged() {
        assertThatThrownBy(() -> realtime.pendingConfigs().stage(acme, web, new PendingConfigs.Changes(null, "sometimes", null, null)))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> realtime.pendingConfigs().stage(acme, web, new PendingConfigs.Changes(null, null, null, null)))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> realtime.pendingConfigs().apply(acme, web)).isInstanceOf(DomainException.class)
                .hasMessage("No pending configuration changes");
        assertThat(realtime.pendingConfigs().view(acme, web).pending()).isNull();
    }

    @Test
    void anUpstreamAgentsSilentJobSettlesByTheRule() {
        realtime.connections().connected(acme, web, "c1", true, "192.0.2.1");
        AgentJob report = commands.fetchReport(acme, web);
        AgentJob refresh = commands.refreshIntegrationStatus(acme, web);
        assertThat(realtime.jobs().queue(acme, web, 10).queueStatus()).containsEntry("active", 2);

        // A report after the request completes the report_now; the other waits out the grace period.
        clock.advance(Duration.ofSeconds(20));
        hosts.get(acme, web);
        new HostRepository(store).touch(acme, hosts.get(acme, web), clock.instant(), false);
        AgentJobs.Queue queue = realtime.jobs().queue(acme, web, 10);
        assertThat(queue.jobs()).filteredOn(j -> j.jobId().equals(report.jobId())).singleElement()
                .satisfies(j -> assertThat(j.status()).isEqualTo(AgentJob.COMPLETED));
        assertThat(queue.jobs()).filteredOn(j -> j.jobId().equals(refresh.jobId())).singleElement()
                .satisfies(j -> assertThat(j.status()).isEqualTo(AgentJob.ACTIVE));
        clock.advance(AgentJob.UNACKED_GRACE);
        assertThat(realtime.jobs().queue(acme, web, 10).queueStatus()).containsEntry("active", 0);
    }

    @Test
    void anotherTenantCanNeitherReadNorCommandNorAckTheHostsJobs() {
        realtime.connections().connected(acme, web, "c1", true, "192.0.2.1");
        AgentJob job = commands.fetchReport(acme, web);

        assertThatThrownBy(() -> realtime.jobs().queue(globex, web, 10)).isInstanceOf(DomainException.class).hasMessage("Host not found");
        assertThatThrownBy(() -> commands.fetchReport(globex, web)).isInstanceOf(DomainException.class).hasMessage("Host not found");
        assertThatThrownBy(() -> realtime.pendingConfigs().stage(globex, web, new PendingConfigs.Changes(true, null, null, null)))
                .isInstanceOf(DomainException.class).hasMessage("Host not found");
        // globex's own host acking acme's job id finds nothing of its own to change.
        ack(globex, db, job.jobId(), "failed", "forged");
        assertThat(realtime.jobs().queue(acme, web, 10).jobs().get(0).status()).isEqualTo(AgentJob.ACTIVE);
        assertThat(realtime.jobs().queue(globex, db, 10).totalJobs()).isZero();
    }

    @Test
    void settingsGoToConnectedAgentsOnlyAndCredentialsOrDeletionCloseTheConnection() throws Exception {
        String api = hosts.create(acme, new HostService.NewHost("api-1", "linux", List.of(), false, false)).host().id();
        realtime.connections().connected(acme, web, "c-web", true, "192.0.2.1");
        realtime.connections().connected(globex, db, "c-db", true, "192.0.2.2");

        assertThat(commands.pushSettings(acme, Map.of("update_interval", 15))).isEqualTo(1);
        assertThat(gateway.posted).hasSize(1).allMatch(p -> p.startsWith("c-web "));
        assertThat(lastPosted().get("update_interval").asInt()).isEqualTo(15);
        assertThat(realtime.jobs().queue(acme, api, 10).totalJobs()).as("offline agents read it at start").isZero();

        commands.regenerateCredentials(acme, web);
        assertThat(gateway.gone).containsExactly("c-web");
        assertThat(realtime.connections().of(acme, web)).isEmpty();

        commands.deleteHost(globex, db);
        assertThat(gateway.gone).containsExactlyInAnyOrder("c-web", "c-db");
    }
}
