package cloud.patchmon.e2e.enrollment;

import cloud.patchmon.e2e.harness.LocalStackProcess;
import cloud.patchmon.e2e.harness.StackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chapter 29 end to end: the Proxmox script downloaded from the stack, run with bash against a
 * fake pct with three containers (one running, one stopped, one with a working agent), enrols
 * through the real API, installs the agent with the returned credentials, and is safe to rerun.
 */
@ExtendWith(StackExtension.class)
class ProxmoxEnrollmentEndToEndTest {

    private final LocalStackProcess stack;

    ProxmoxEnrollmentEndToEndTest(LocalStackProcess stack) {
        this.stack = stack;
    }

    private static void container(Path root, int vmid, String status, String name, boolean agentInstalled) throws IOException {
        Path dir = Files.createDirectories(root.resolve("ct").resolve(Integer.toString(vmid)));
        Files.writeString(dir.resolve("status"), status + "\n");
        Files.writeString(dir.resolve("name"), name + "\n");
        Files.writeString(dir.resolve("hostname"), name + "\n");
        Files.writeString(dir.resolve("ip"), "10.0.0." + vmid + " fd00::" + vmid + "\n");
        if (agentInstalled) {
            Path etc = Files.createDirectories(dir.resolve("fs/etc/patchmon"));
            Files.writeString(etc.resolve("config.yml"), "patchmon_server: \"https://elsewhere\"\n");
            Files.writeString(etc.resolve("credentials.yml"), "api_id: \"patchmon_0\"\napi_key: \"x\"\n");
            Path agent = Files.createDirectories(dir.resolve("fs/usr/local/bin")).resolve("patchmon-agent");
            Files.writeString(agent, "#!/bin/sh\nexit 0\n");
            agent.toFile().setExecutable(true);
        }
    }

    @Test
    void theScriptEnrolsRunningContainersInstallsTheirAgentAndSkipsTheRest(@TempDir Path work) throws Exception {
        EnrollmentScripts admin = new EnrollmentScripts(stack.baseUrl());
        String groupId = admin.call("POST", "/api/v1/host-groups", Map.of("name", "Proxmox LXC"), 201).path("id").asText();
        JsonNode token = admin.token("proxmox-lxc", groupId);
        Path script = Files.writeString(work.resolve("proxmox_auto_enroll.sh"), admin.script("proxmox-lxc", token));
        Path bin = EnrollmentScripts.fakeTools(work);
        Path root = Files.createDirectories(work.resolve("pve"));
        container(root, 100, "running", "webserver", false);
        container(root, 101, "stopped", "database", false);
        container(root, 102, "running", "cache", true);
        Path installs = work.resolve("installs.log");
        Map<String, String> env = Map.of("FAKE_PCT_ROOT", root.toString(), "FAKE_INSTALL_LOG", installs.toString(), "HOST_PREFIX", "proxmox-");

        EnrollmentScripts.Run dryRun = EnrollmentScripts.run(script, bin, with(env, "DRY_RUN", "true"));

        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains(
                "[INFO] Found 3 LXC container(s)",
                "[INFO] Processing LXC 100: webserver (status: running)",
                "[INFO]   [DRY RUN] Would enroll: proxmox-webserver",
                "[WARN]   Skipping LXC 101 (database): container is not running",
                "[INFO]   ✓ Host already enrolled and agent ping successful - skipping enrollment",
                "[INFO] Successfully Enrolled:  1 (dry run)\n",
                "[INFO] Skipped:                2\n",
                "[INFO] Failed:                 0\n");
        assertThat(admin.hosts()).isEmpty();
        assertThat(installs).doesNotExist();

        EnrollmentScripts.Run run = EnrollmentScripts.run(script, bin, env);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains(
                "[SUCCESS]   proxmox-webserver enrolled and agent installed",
                "[INFO] Total Containers:       3\n",
                "[INFO] Successfully Enrolled:  1\n",
                "[INFO] Skipped:                2\n",
                "[INFO] Failed:                 0\n");
        JsonNode hosts = admin.hosts();
        assertThat(hosts).hasSize(1);
        JsonNode host = hosts.get(0);
        assertThat(host.path("friendly_name").asText()).isEqualTo("proxmox-webserver");
        assertThat(host.path("status").asText()).isEqualTo("pending");
        assertThat(host.path("host_groups").get(0).path("id").asText()).isEqualTo(groupId);
        assertThat(host.path("notes").asText()).startsWith("Auto-enrolled via Proxmox Production on ")
                .endsWith("(machine ID proxmox-lxc-100-4f1c2b3a5d6e)");
        // The agent was installed inside container 100 with the credentials the server issued for it.
        assertThat(Files.readAllLines(installs)).singleElement().asString()
                .startsWith(host.path("api_id").asText() + " " + stack.baseUrl().toString().replaceAll("/$", "") + "/api/v1/hosts/install");
        assertThat(Files.readString(root.resolve("ct/100/fs/etc/patchmon/credentials.yml")))
                .contains("api_id: \"" + host.path("api_id").asText() + "\"");
        assertThat(root.resolve("ct/101/fs")).doesNotExist();
        JsonNode tokens = admin.call("GET", "/api/v1/auto-enrollment/tokens", null, 200);
        assertThat(tokens.get(0).path("hosts_created_today").asInt()).isEqualTo(1);

        EnrollmentScripts.Run rerun = EnrollmentScripts.run(script, bin, env);

        assertThat(rerun.exitCode()).as(rerun.output()).isZero();
        assertThat(rerun.output()).contains("[INFO] Successfully Enrolled:  0\n", "[INFO] Skipped:                3\n");
        assertThat(admin.hosts()).hasSize(1);
        assertThat(Files.readAllLines(installs)).hasSize(1);
    }

    @Test
    void aRefusedTokenFailsEveryContainerAndTheRun(@TempDir Path work) throws Exception {
        EnrollmentScripts admin = new EnrollmentScripts(stack.baseUrl());
        JsonNode token = admin.token("proxmox-lxc", null);
        Path script = Files.writeString(work.resolve("proxmox_auto_enroll.sh"), admin.script("proxmox-lxc", token));
        admin.call("PATCH", "/api/v1/auto-enrollment/tokens/" + token.path("id").asText(), Map.of("allowed_ip_ranges", List.of("192.0.2.1")), 200);
        Path bin = EnrollmentScripts.fakeTools(work);
        Path root = Files.createDirectories(work.resolve("pve"));
        container(root, 100, "running", "webserver", false);

        EnrollmentScripts.Run run = EnrollmentScripts.run(script, bin,
                Map.of("FAKE_PCT_ROOT", root.toString(), "FAKE_INSTALL_LOG", work.resolve("installs.log").toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("[ERROR] Failed to enroll webserver - HTTP 403",
                "[ERROR] Response: {\"error\":\"IP address not authorized for this token\"}",
                "[INFO] Successfully Enrolled:  0\n", "[INFO] Failed:                 1\n");
        assertThat(admin.hosts()).isEmpty();
    }

    static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(env);
        more.put(name, value);
        return more;
    }
}
