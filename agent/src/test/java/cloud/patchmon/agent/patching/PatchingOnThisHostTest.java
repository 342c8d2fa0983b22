package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.agent.patching.PatchRequest.PatchType;
import cloud.patchmon.protocol.PatchRunOutput;
import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real tools of this machine: a real apt-get simulation of a real upgradable package (never an install: the
 * plan is checked to simulate before it runs), and a stop that must reach a real child process and its child.
 */
class PatchingOnThisHostTest {

    /** {@code name/suite version arch [upgradable from: installed]} */
    private static final Pattern UPGRADABLE = Pattern.compile("^([^/\\s:]+)(?::\\S+)?/\\S+ (\\S+) (\\S+) \\[upgradable from: (\\S+)]$");

    @TempDir
    Path dir;

    private final CommandRunner runner = new ProcessCommandRunner();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aRealAptSimulationOfAnUpgradablePackageBecomesItsAffectedList() throws Exception {
        assumeTrue(runner.isAvailable("apt-get") && runner.isAvailable("apt"), "not an apt host");
        CommandResult list = runner.run("apt", "list", "--upgradable");
        Optional<Matcher> upgradable = list.stdout().lines().map(UPGRADABLE::matcher).filter(Matcher::matches).findFirst();
        assumeTrue(upgradable.isPresent(), "nothing is upgradable on this host");
        String name = upgradable.get().group(1);
        PatchRequest request = new PatchRequest("host-dry-run", PatchType.PATCH_PACKAGE, true, List.of(name));
        PatchBackends backends = new PatchBackends(runner, () -> false);
        // The guard that keeps this test from ever changing the machine: the only command is a simulation.
        assertThat(backends.plan("apt", request).steps()).singleElement()
                .satisfies(step -> assertThat(step.command()).startsWith("apt-get", "-s").doesNotContain("-y"));
        RecordingReports reports = new RecordingReports();
        PatchRuns runs = new PatchRuns(() -> Optional.of("apt"), backends, new SystemProcessLauncher(ProcessCommandRunner.defaultPath(), runner),
                reports, new PendingResults(dir), () -> { }, PatchTimings.DEFAULTS, timer);

        runs.runCommand().handle(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"patch_run_id\":\"host-dry-run\","
                + "\"patch_type\":\"patch_package\",\"dry_run\":true,\"package_names\":[\"" + name + "\"]}"))
                .toCompletableFuture().get(5, TimeUnit.MINUTES);

        PatchRunOutput done = reports.terminal("host-dry-run");
        assertThat(done.stage()).as(done.output()).isEqualTo("dry_run_completed");
        assertThat(done.output()).contains("Inst " + name + " [");
        assertThat(done.packagesAffected()).filteredOn(p -> p.name().equals(name)).first().satisfies(p -> {
            assertThat(p.currentVersion()).isEqualTo(upgradable.get().group(4));
            assertThat(p.newVersion()).isEqualTo(upgradable.get().group(2));
            assertThat(p.action()).isEqualTo("upgrade");
            assertThat(p.dependency()).isFalse();
        });
        assertThat(done.packagesAffected()).filteredOn(p -> !p.name().equals(name)).allMatch(AffectedPackage::dependency);
        assertThat(reports.streamed("host-dry-run")).isEqualTo(done.output());
    }

    @Test
    void stopSendsSigintToTheCommandsWholeProcessGroupAndTheRunIsCancelled() throws Exception {
        assumeTrue(runner.isAvailable("setsid") && runner.isAvailable("sh") && runner.isAvailable("sleep"), "needs setsid, sh and sleep");
        assumeFalse(sigintIgnoredHere(), "this JVM was started with SIGINT ignored, which its children inherit and cannot undo");
        // sh runs its trap only once its foreground sleep has ended: "got SIGINT" at once proves the signal reached the
        // sleep too. A long grace keeps SIGTERM out of it: without the group signal, TERM would end sh without the trap.
        PatchTimings timings = new PatchTimings(Duration.ofMillis(50), 16 * 1024, 1024 * 1024, Duration.ofMinutes(2),
                Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofSeconds(10));
        PatchStep step = new PatchStep(List.of("sh", "-c", "trap 'echo got SIGINT; exit 130' INT; echo ready; sleep 299.5; echo slept"),
                PatchStep.Role.TRANSACTION, false);
        PatchPlan plan = new PatchPlan("test", List.of(step), Map.of(), (stdout, request) -> List.of());
        PatchRequest request = new PatchRequest("stop-test", PatchType.PATCH_ALL, false, List.of());
        StopControl stop = new StopControl(timer, timings);
        LiveOutput live = LiveOutput.start(chunk -> true, timings, "stop-test");
        PatchExecutor executor = new PatchExecutor(new SystemProcessLauncher(ProcessCommandRunner.defaultPath(), runner), timings);
        CompletableFuture<PatchRunOutput> result = CompletableFuture.supplyAsync(() -> {
            try {
                return executor.run(request, plan, live, stop);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Eventually.until("the command is running", () -> live.text().contains("ready") && sleeping());

        stop.stop(StopControl.Reason.OPERATOR);

        PatchRunOutput done = result.get(60, TimeUnit.SECONDS);
        assertThat(done.stage()).isEqualTo("cancelled");
        assertThat(done.errorMessage()).isEqualTo("stopped by user");
        String printed = done.output().substring(done.output().indexOf("\nready\n"));
        assertThat(printed).contains("got SIGINT\n").doesNotContain("slept");
        Eventually.until("the sleep is gone", () -> !sleeping());
    }

    private static boolean sleeping() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments().map(args -> List.of(args).contains("299.5")).orElse(false));
    }

    /** SigIgn in /proc/self/status is a hex mask; SIGINT is signal 2, bit 1. */
    private static boolean sigintIgnoredHere() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16))
                .anyMatch(mask -> (mask & 0x2) != 0);
    }
}
