package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.agent.reporting.Daemon;
import cloud.patchmon.agent.reporting.Payloads;
import cloud.patchmon.agent.reporting.ReportRequests;
import cloud.patchmon.agent.reporting.Reporter;
import cloud.patchmon.agent.reporting.Sleeper;
import cloud.patchmon.agent.reporting.TestInventories;
import cloud.patchmon.agent.server.FakePatchmon;
import cloud.patchmon.agent.server.ServerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's commands over a real WebSocket, carried out by the handlers serve wires up, against the REST
 * fake: what reaches config.yml and the REST API, and the acknowledgements that come back on the socket.
 */
class ChannelEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @TempDir
    Path root;

    private final FakeAgentsGateway gateway = new FakeAgentsGateway();
    private final FakePatchmon rest = new FakePatchmon();
    private final List<Thread> threads = new ArrayList<>();
    private final ReportRequests requests = new ReportRequests();
    private Commands commands;
    private ConfigFiles files;

    ChannelEndToEndTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(10_000);
        }
        commands.close();
        gateway.close();
        rest.close();
    }

    private void start(boolean withDaemon) throws Exception {
        // config.yml points the channel at the gateway; the commands' REST client talks to the REST fake.
        files = AgentFiles.configure(dir, gateway.serverUrl());
        Servers servers = () -> new ServerClient(rest.apiBase(), AgentFiles.CREDENTIALS, ServerClient.httpClient(false), (a, r) -> { }, "1.2.3");
        IntegrationStatus status = new IntegrationStatus(files, servers, new HostFiles(root), new RecordedCommands());
        commands = new Commands(AgentCommands.of(files, requests, status, new UpdateAgentCommand(servers, Optional.empty(), new FailedUpdates(dir),
                "1.2.3", new AgentPlatform("linux", "amd64"), () -> { }, () -> false),
                message -> CommandHandler.done(), message -> CommandHandler.done()));
        AgentChannel channel = new AgentChannel(files, (attempt, retryAfter) -> { }, ChannelClock.system(), ChannelTimings.DEFAULTS, commands);
        run("test-channel", channel::run);
        if (withDaemon) {
            Reporter reporter = new Reporter(TestInventories::typical, servers.current(), new Payloads("1.2.3"));
            Daemon.Sessions sessions = configFiles -> {
                AgentConfig config = configFiles.config();
                return new Daemon.Session() {
                    public AgentConfig config() {
                        return config;
                    }

                    public Credentials credentials() {
                        return AgentFiles.CREDENTIALS;
                    }

                    public ServerClient server() {
                        return servers.current();
                    }

                    public Reporter reporter() {
                        return reporter;
                    }
                };
            };
            // Waits only for a wake-up (a config change or a report request): the schedule's slots never come in this test.
            Sleeper untilWoken = (when, wakeEarly) -> {
                while (!wakeEarly.getAsBoolean()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                }
                return true;
            };
            run("test-daemon", () -> new Daemon(files, sessions, untilWoken, Clock.systemUTC(), requests, () -> { }).run());
        }
        Eventually.until("connected", gateway::connected);
    }

    private interface Loop {
        void run() throws InterruptedException;
    }

    private void run(String name, Loop loop) {
        Thread thread = new Thread(() -> {
            try {
                loop.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        threads.add(thread);
        thread.start();
    }

    private JsonNode ack() throws Exception {
        String text = gateway.next(Eventually.DEADLINE);
        assertThat(text).as("an acknowledgement on the socket").isNotNull();
        JsonNode ack = JSON.readTree(text);
        assertThat(ack.path("type").asText()).isEqualTo("command_ack");
        return ack;
    }

    private void assertAcks(String jobId, String... statuses) throws Exception {
        for (String status : statuses) {
            JsonNode ack = ack();
            assertThat(ack.path("job_id").asText() + " " + ack.path("status").asText()).isEqualTo(jobId + " " + status);
        }
    }

    @Test
    void reportNowSendsAFullReportAndAcknowledgesWhenItIsIn() throws Exception {
        rest.always("/hosts/ping", 200, "{\"hashGate\":true}")
                .always("/hosts/update", 200, "{\"message\":\"ok\",\"packagesProcessed\":2,\"updatesAvailable\":1,\"securityUpdates\":1}");
        start(true);
        Eventually.until("the start-up report", () -> rest.requests("/hosts/update").size() == 1);

        gateway.send("{\"type\":\"report_now\",\"job_id\":\"fetch-1\"}");

        assertAcks("fetch-1", "received", "completed");
        assertThat(rest.requests("/hosts/update")).hasSize(2);
        assertThat(rest.requests("/hosts/update").get(1).body().path("packages")).hasSize(2);
    }

    @Test
    void configCommandsChangeConfigYmlAndJunkNeverStopsTheChannel() throws Exception {
        rest.always("/hosts/integration-status", 200, "{\"success\":true}");
        start(false);

        gateway.send("{\"type\":\"settings_update\",\"update_interval\":5,\"job_id\":\"s1\"}");
        assertAcks("s1", "received", "completed");
        assertThat(files.config().updateInterval()).isEqualTo(5);

        gateway.send("{oops");
        gateway.send("{\"type\":\"settings_update\",\"pad\":\"" + "x".repeat(130 * 1024) + "\",\"update_interval\":7,\"job_id\":\"big\"}");
        gateway.send("{\"type\":\"no_such_command\",\"job_id\":\"p1\"}");
        JsonNode refused = ack();
        assertThat(refused.path("job_id").asText()).as("the oversize message was dropped unread").isEqualTo("p1");
        assertThat(refused.path("status").asText()).isEqualTo("failed");
        assertThat(files.config().updateInterval()).isEqualTo(5);

        gateway.send("{\"type\":\"apply_config\",\"job_id\":\"a1\",\"config\":{\"docker\":true,\"compliance\":{\"enabled\":true,\"openscap_enabled\":false}}}");
        assertAcks("a1", "received", "completed");
        assertThat(files.config().integrations().docker()).isTrue();
        assertThat(files.config().integrations().compliance()).isEqualTo(true);
        assertThat(rest.requests("/hosts/integration-status")).hasSize(2);

        gateway.send("{\"type\":\"refresh_integration_status\"}");
        Eventually.until("the status refreshed", () -> rest.requests("/hosts/integration-status").size() == 4);
        assertThat(gateway.upgrades()).as("one connection throughout").hasSize(1);
        assertThat(Files.readString(files.configFile())).contains("docker: true");
    }
}
