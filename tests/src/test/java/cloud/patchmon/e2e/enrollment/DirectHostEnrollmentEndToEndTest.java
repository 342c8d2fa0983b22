package cloud.patchmon.e2e.enrollment;

import cloud.patchmon.e2e.harness.LocalStackProcess;
import cloud.patchmon.e2e.harness.StackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direct-host script end to end: it enrols the machine it runs on through the real API and
 * runs the agent installer it downloads with the new credentials (a stand-in installer that
 * writes the agent's files under a temporary PATCHMON_CONFIG_DIR), and skips itself next time.
 */
@ExtendWith(StackExtension.class)
class DirectHostEnrollmentEndToEndTest {

    private final LocalStackProcess stack;

    DirectHostEnrollmentEndToEndTest(LocalStackProcess stack) {
        this.stack = stack;
    }

    @Test
    void theScriptEnrolsThisMachineOnceAndSkipsItAfterwards(@TempDir Path work) throws Exception {
        EnrollmentScripts admin = new EnrollmentScripts(stack.baseUrl());
        JsonNode token = admin.token("direct-host", null);
        Path script = Files.writeString(work.resolve("direct_host_auto_enroll.sh"), admin.script("direct-host", token));
        Path bin = EnrollmentScripts.fakeTools(work);
        Path config = work.resolve("etc/patchmon");
        Path installs = work.resolve("installs.log");
        Map<String, String> env = Map.of("PATCHMON_CONFIG_DIR", config.toString(), "PATCHMON_BIN_DIR", work.resolve("bin-agent").toString(),
                "FAKE_INSTALL_LOG", installs.toString(), "HOST_PREFIX", "direct-");

        EnrollmentScripts.Run dryRun = EnrollmentScripts.run(script, bin, ProxmoxEnrollmentEndToEndTest.with(env, "DRY_RUN", "true"));

        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("[DRY RUN] Would enroll: direct-", "[INFO] Successfully Enrolled:  1 (dry run)\n");
        assertThat(admin.hosts()).isEmpty();

        EnrollmentScripts.Run run = EnrollmentScripts.run(script, bin, env);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("enrolled and agent installed", "[INFO] Successfully Enrolled:  1\n", "[INFO] Failed:                 0\n");
        JsonNode hosts = admin.hosts();
        assertThat(hosts).hasSize(1);
        assertThat(hosts.get(0).path("friendly_name").asText()).startsWith("direct-");
        assertThat(hosts.get(0).path("status").asText()).isEqualTo("pending");
        assertThat(Files.readString(config.resolve("credentials.yml"))).contains("api_id: \"" + hosts.get(0).path("api_id").asText() + "\"");

        EnrollmentScripts.Run rerun = EnrollmentScripts.run(script, bin, env);

        assertThat(rerun.exitCode()).as(rerun.output()).isZero();
        assertThat(rerun.output()).contains("✓ Host already enrolled and agent ping successful - skipping enrollment",
                "[INFO] Successfully Enrolled:  0\n", "[INFO] Skipped:                1\n");
        assertThat(admin.hosts()).hasSize(1);
        assertThat(Files.readAllLines(installs)).hasSize(1);
    }
}
