package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.server.FakePatchmon;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateAgentCommandTest {

    private static final String NEW_AGENT = "#!/bin/sh\necho agent 2.0.0\n";

    @TempDir
    Path config;

    @TempDir
    Path bin;

    private final FakePatchmon server = new FakePatchmon();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicBoolean patching = new AtomicBoolean();
    private ConfigFiles files;
    private Path launcher;

    UpdateAgentCommandTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private UpdateAgentCommand command(String running) throws Exception {
        files = AgentFiles.configure(config, server.serverUrl());
        launcher = bin.resolve("patchmon-agent");
        if (!Files.exists(launcher)) {
            Files.writeString(launcher, "#!/bin/sh\necho agent 1.0.0\n");
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return new UpdateAgentCommand(AgentFiles.servers(files), Optional.of(new LauncherFile(launcher)), new FailedUpdates(config), running,
                new AgentPlatform("linux", "arm64"), restarts::incrementAndGet, patching::get);
    }

    private void offer(String version, String content, String hash) {
        server.always("/hosts/agent/version", 200, """
                {"currentVersion":"1.0.0","latestVersion":"%s","hasUpdate":true,"autoUpdateDisabled":false,
                 "downloadUrl":"/api/v1/hosts/agent/download?arch=arm64&os=linux","hash":"%s"}""".formatted(version, hash))
                .always("/hosts/agent/download", 200, content);
    }

    private static String sha256(String content) {
        return LauncherFile.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    private void run(UpdateAgentCommand command) throws Exception {
        command.handle(JsonNodeFactory.instance.objectNode().put("type", "update_agent")).toCompletableFuture().join().afterAck().run();
    }

    private Stream<String> binFiles() throws Exception {
        return Files.list(bin).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void aVerifiedUpdateReplacesTheLauncherKeepsOneBackupAndRestarts() throws Exception {
        offer("2.0.0", NEW_AGENT, sha256(NEW_AGENT));

        run(command("1.0.0"));

        assertThat(Files.readString(launcher)).isEqualTo(NEW_AGENT);
        assertThat(Files.readString(bin.resolve("patchmon-agent.bak"))).isEqualTo("#!/bin/sh\necho agent 1.0.0\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher))).isEqualTo("rwxr-xr-x");
        assertThat(binFiles()).as("no temporary files left behind").containsExactly("patchmon-agent", "patchmon-agent.bak");
        assertThat(restarts).hasValue(1);
        FakePatchmon.Request asked = server.requests("/hosts/agent/version").get(0);
        assertThat(asked.query()).isEqualTo("arch=arm64&os=linux&type=java&currentVersion=1.0.0");
        assertThat(asked.headers()).containsEntry("x-api-id", "patchmon_abc");
        assertThat(server.requests("/hosts/agent/download").get(0).headers()).containsEntry("x-api-key", "secret-key");
    }

    @Test
    void noUpdateIsFetchedOrInstalledWhileAPatchRunIsInProgress() throws Exception {
        offer("2.0.0", NEW_AGENT, sha256(NEW_AGENT));
        UpdateAgentCommand command = command("1.0.0");
        patching.set(true);

        assertThatThrownBy(() -> run(command)).hasMessageContaining("patch run is in progress");
        assertThat(Files.readString(launcher)).isEqualTo("#!/bin/sh\necho agent 1.0.0\n");
        assertThat(restarts).hasValue(0);
        assertThat(server.requests()).isEmpty();

        patching.set(false);
        run(command);
        assertThat(restarts).as("once the run has ended").hasValue(1);
    }

    @Test
    void theNextUpdateReplacesTheBackupSoThereIsOnlyEverOne() throws Exception {
        offer("2.0.0", NEW_AGENT, sha256(NEW_AGENT));
        run(command("1.0.0"));
        String third = "#!/bin/sh\necho agent 3.0.0\n";
        offer("3.0.0", third, sha256(third));

        run(command("2.0.0"));

        assertThat(Files.readString(launcher)).isEqualTo(third);
        assertThat(Files.readString(bin.resolve("patchmon-agent.bak"))).isEqualTo(NEW_AGENT);
        assertThat(binFiles()).containsExactly("patchmon-agent", "patchmon-agent.bak");
    }

    @Test
    void aDownloadFailingItsHashIsNotInstalledAndThatVersionIsNeverTriedAgain() throws Exception {
        offer("2.0.0", NEW_AGENT + "tampered", sha256(NEW_AGENT));
        UpdateAgentCommand command = command("1.0.0");

        assertThatThrownBy(() -> run(command)).hasMessageContaining("SHA-256").hasMessageContaining("not installed");
        assertThat(Files.readString(launcher)).contains("1.0.0");
        assertThat(binFiles()).containsExactly("patchmon-agent");

        offer("2.0.0", NEW_AGENT, sha256(NEW_AGENT));
        assertThatThrownBy(() -> run(command("1.0.0"))).hasMessageContaining("failed verification before");
        assertThat(server.requests("/hosts/agent/download")).as("not downloaded again").hasSize(1);
        assertThat(restarts).hasValue(0);
    }

    @Test
    void theVersionAlreadyRunningOrTheSameFileIsRefused() throws Exception {
        offer("1.0.0", NEW_AGENT, sha256(NEW_AGENT));
        assertThatThrownBy(() -> run(command("1.0.0"))).hasMessageContaining("already running");
        assertThat(server.requests("/hosts/agent/download")).isEmpty();

        String same = "#!/bin/sh\necho agent 1.0.0\n";
        offer("2.0.0", same, sha256(same));
        assertThatThrownBy(() -> run(command("1.0.0"))).hasMessageContaining("is the file already running");
        assertThat(Files.exists(bin.resolve("patchmon-agent.bak"))).isFalse();
        assertThat(restarts).hasValue(0);
    }

    @Test
    void nothingHappensWhenUpToDate() throws Exception {
        server.always("/hosts/agent/version", 200, "{\"latestVersion\":\"1.0.0\",\"hasUpdate\":false}");
        run(command("1.0.0"));
        command("1.0.0").checkOnSchedule();
        assertThat(restarts).hasValue(0);
        assertThat(server.requests("/hosts/agent/download")).isEmpty();
    }

    @Test
    void theScheduledCheckLeavesTheAgentAloneWhileAutoUpdateIsDisabledButUpdateNowInstalls() throws Exception {
        server.always("/hosts/agent/version", 200, """
                {"latestVersion":"2.0.0","hasUpdate":true,"autoUpdateDisabled":true,
                 "autoUpdateDisabledReason":"Auto-update is disabled for this host","hash":"%s","downloadUrl":"/api/v1/hosts/agent/download"}"""
                .formatted(sha256(NEW_AGENT)))
                .always("/hosts/agent/download", 200, NEW_AGENT);
        UpdateAgentCommand command = command("1.0.0");

        command.checkOnSchedule();
        assertThat(server.requests("/hosts/agent/download")).isEmpty();
        assertThat(Files.readString(launcher)).contains("1.0.0");
        assertThat(restarts).hasValue(0);

        // The operator's explicit "Force Agent Version Upgrade" is not an automatic update.
        run(command);
        assertThat(Files.readString(launcher)).isEqualTo(NEW_AGENT);
        assertThat(restarts).hasValue(1);
    }

    @Test
    void theScheduledCheckInstallsRestartsAtOnceAndTheNewAgentDoesNotUpdateAgain() throws Exception {
        offer("2.0.0", NEW_AGENT, sha256(NEW_AGENT));

        command("1.0.0").checkOnSchedule();

        assertThat(Files.readString(launcher)).isEqualTo(NEW_AGENT);
        assertThat(binFiles()).containsExactly("patchmon-agent", "patchmon-agent.bak");
        assertThat(restarts).hasValue(1);

        // After the restart the new agent runs 2.0.0: the same offer is its own version, so there is no loop.
        server.always("/hosts/agent/version", 200, "{\"latestVersion\":\"2.0.0\",\"hasUpdate\":false}");
        command("2.0.0").checkOnSchedule();
        assertThat(restarts).hasValue(1);
        assertThat(server.requests("/hosts/agent/download")).hasSize(1);
    }

    @Test
    void aScheduledCheckNeverRetriesAFileThatIsAlreadyRunning() throws Exception {
        // A release whose manifest names a new version but whose file is the running one: refused, remembered.
        String same = "#!/bin/sh\necho agent 1.0.0\n";
        offer("2.0.0", same, sha256(same));
        assertThatThrownBy(() -> command("1.0.0").checkOnSchedule()).hasMessageContaining("is the file already running");
        assertThatThrownBy(() -> command("1.0.0").checkOnSchedule()).hasMessageContaining("failed verification before");
        assertThat(server.requests("/hosts/agent/download")).hasSize(1);
        assertThat(restarts).hasValue(0);
    }

    @Test
    void aRedirectedDownloadDoesNotCarryTheCredentialsToTheOtherHost() throws Exception {
        try (FakePatchmon blobs = new FakePatchmon()) {
            blobs.always("/agent/patchmon-agent-linux-arm64", 200, NEW_AGENT);
            offer("2.0.0", NEW_AGENT, sha256(NEW_AGENT));
            server.once("/hosts/agent/download", 302, "", Map.of("Location", blobs.apiBase() + "/agent/patchmon-agent-linux-arm64?sig=abc"));

            run(command("1.0.0"));

            assertThat(Files.readString(launcher)).isEqualTo(NEW_AGENT);
            FakePatchmon.Request fetched = blobs.requests("/agent/patchmon-agent-linux-arm64").get(0);
            assertThat(fetched.query()).isEqualTo("sig=abc");
            assertThat(fetched.headers()).doesNotContainKeys("x-api-id", "x-api-key");
        }
    }

    @Test
    void anAgentNotStartedByItsLauncherHasNothingToUpdate() throws Exception {
        files = AgentFiles.configure(config, server.serverUrl());
        UpdateAgentCommand command = new UpdateAgentCommand(AgentFiles.servers(files), Optional.empty(), new FailedUpdates(config), "1.0.0",
                new AgentPlatform("linux", "amd64"), restarts::incrementAndGet, patching::get);

        assertThatThrownBy(() -> run(command)).hasMessageContaining("not started by its launcher");
        assertThat(server.requests()).isEmpty();
    }
}
