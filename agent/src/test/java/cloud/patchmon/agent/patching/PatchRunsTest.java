package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.channel.CommandHandler;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.agent.patching.ScriptedLauncher.Script;
import cloud.patchmon.agent.server.ServerException;
import cloud.patchmon.protocol.PatchRunOutput;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs through {@link PatchRuns} with scripted package managers and a recording server: stages, chunks, stops, failures. */
class PatchRunsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEEP = "-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold";
    private static final String APT_UPDATE = "apt-get update -q";
    private static final String APT_SIMULATE_CURL = "apt-get -s " + KEEP + " --only-upgrade install curl";
    private static final String APT_UPGRADE_CURL = "apt-get " + KEEP + " --only-upgrade install -y curl";

    @TempDir
    Path dir;

    private final ScriptedLauncher launcher = new ScriptedLauncher();
    private final RecordingReports reports = new RecordingReports();
    private final RecordedCommands tools = new RecordedCommands();
    private final AtomicInteger reportsRequested = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private PatchTimings timings = new PatchTimings(Duration.ofMillis(20), 16 * 1024, 1024 * 1024, Duration.ofMillis(100),
            Duration.ofMillis(100), Duration.ofHours(1), Duration.ofSeconds(10));

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private PatchRuns runs(String manager) {
        return new PatchRuns(() -> Optional.of(manager), new PatchBackends(tools, () -> true), launcher, reports, new PendingResults(dir),
                reportsRequested::incrementAndGet, timings, timer);
    }

    private static CompletableFuture<CommandHandler.Done> send(CommandHandler handler, String json) throws Exception {
        return handler.handle(JSON.readTree(json)).toCompletableFuture();
    }

    private static String runPatch(String id, String type, boolean dryRun, String... packages) throws Exception {
        return JSON.writeValueAsString(java.util.Map.of("type", "run_patch", "patch_run_id", id, "patch_type", type, "dry_run", dryRun,
                "package_names", List.of(packages)));
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the run succeeded");
    }

    @Test
    void aDryRunReportsStartedStreamsItsOutputAndEndsWithTheAffectedPackages() throws Exception {
        launcher.script(APT_UPDATE, Script.prints("Hit:1 http://deb.debian.org/debian bookworm InRelease\nReading package lists...\n", 0))
                .script(APT_SIMULATE_CURL, Script.prints(RecordedCommands.resource("/fixtures/patching/apt/only-upgrade-curl.txt"), 0));

        send(runs("apt").runCommand(), runPatch("run-1", "patch_package", true, "curl")).get(45, TimeUnit.SECONDS);

        assertThat(reports.stageNames("run-1")).containsExactly("started", "progress", "dry_run_completed");
        PatchRunOutput done = reports.terminal("run-1");
        assertThat(done.output()).startsWith("$ apt-get update -q\nHit:1").contains("$ " + APT_SIMULATE_CURL + "\n")
                .contains("Inst libcurl4 [7.88.1-10+deb12u14]");
        assertThat(reports.streamed("run-1")).as("the chunks add up to the authoritative output").isEqualTo(done.output());
        assertThat(done.packagesAffected()).extracting(PatchRunOutput.AffectedPackage::name)
                .containsExactly("curl", "libcurl4", "libcurl3-gnutls", "libcurl3-nss");
        assertThat(done.errorMessage()).isNull();
        assertThat(launcher.environments().get(1)).containsEntry("DEBIAN_FRONTEND", "noninteractive").containsEntry("LC_MESSAGES", "C");
        assertThat(reportsRequested).as("a dry run changes nothing to report").hasValue(0);
    }

    @Test
    void aCompletedRealRunAsksForAFreshReport() throws Exception {
        launcher.script(APT_UPDATE, Script.prints("Reading package lists...\n", 0))
                .script(APT_UPGRADE_CURL, Script.prints("Setting up curl (7.88.1-10+deb12u15) ...\n", 0));

        send(runs("apt").runCommand(), runPatch("run-2", "patch_package", false, "curl")).get(45, TimeUnit.SECONDS);

        assertThat(reports.terminal("run-2").stage()).isEqualTo("completed");
        assertThat(reports.terminal("run-2").packagesAffected()).isNull();
        assertThat(reportsRequested).hasValue(1);
    }

    @Test
    void aFailingStepEndsTheRunWithItsExitAndFirstErrorLine() throws Exception {
        launcher.script(APT_UPDATE, Script.prints("Reading package lists...\n", 0))
                .script(APT_UPGRADE_CURL, Script.prints("Reading package lists...\n", "E: Could not get lock /var/lib/dpkg/lock-frontend\n", 100));

        Throwable failure = failureOf(send(runs("apt").runCommand(), runPatch("run-3", "patch_package", false, "curl")));

        PatchRunOutput done = reports.terminal("run-3");
        assertThat(done.stage()).isEqualTo("failed");
        assertThat(done.errorMessage()).isEqualTo(APT_UPGRADE_CURL + " exited with 100: E: Could not get lock /var/lib/dpkg/lock-frontend");
        assertThat(done.output()).contains("E: Could not get lock").endsWith("[patchmon] " + done.errorMessage() + "\n");
        assertThat(failure).hasMessage(done.errorMessage());
        assertThat(reportsRequested).hasValue(0);
    }

    @Test
    void aFailedRefreshIsNotedAndTheRunGoesOnWithTheListsTheHostHas() throws Exception {
        launcher.script(APT_UPDATE, Script.prints("", "E: The repository 'https://repo.example.com stable Release' is not signed.\n", 100))
                .script(APT_UPGRADE_CURL, Script.prints("Setting up curl (7.88.1-10+deb12u15) ...\n", 0));

        send(runs("apt").runCommand(), runPatch("run-4", "patch_package", false, "curl")).get(45, TimeUnit.SECONDS);

        assertThat(launcher.started()).containsExactly(APT_UPDATE, APT_UPGRADE_CURL);
        assertThat(reports.terminal("run-4").stage()).isEqualTo("completed");
        assertThat(reports.terminal("run-4").output())
                .contains("[patchmon] apt-get update -q exited with 100; going on with the package lists already on this host\n");
    }

    @Test
    void packageCacheRefreshModeNeverLeavesTheListsAlone() throws Exception {
        Path config = dir.resolve("config.yml");
        ConfigFiles files = new ConfigFiles(dir);
        Files.writeString(config, "patchmon_server: \"http://127.0.0.1:9\"\npackage_cache_refresh_mode: if_stale\n");
        assertThat(PatchRuns.refreshesLists(files)).isTrue();

        Files.writeString(config, "patchmon_server: \"http://127.0.0.1:9\"\npackage_cache_refresh_mode: never\n");

        assertThat(PatchRuns.refreshesLists(files)).isFalse();
        assertThat(new PatchBackends(tools, () -> PatchRuns.refreshesLists(files)).plan("apt",
                new PatchRequest("r", PatchRequest.PatchType.PATCH_PACKAGE, false, List.of("curl"))).steps())
                .extracting(PatchStep::display).containsExactly(APT_UPGRADE_CURL);
    }

    @Test
    void anInvalidPackageNameIsRefusedBeforeAnythingRuns() throws Exception {
        Throwable failure = failureOf(send(runs("apt").runCommand(), runPatch("run-5", "patch_package", true, "curl", "-oAPT::Get=x")));

        Eventually.until("the refusal reached the server", () -> reports.terminal("run-5") != null);
        assertThat(reports.stageNames("run-5")).containsExactly("failed");
        assertThat(reports.terminal("run-5").errorMessage())
                .isEqualTo("invalid package name \"-oAPT::Get=x\": names must match ^[a-zA-Z0-9][a-zA-Z0-9._+-]*$");
        assertThat(failure).hasMessageContaining("invalid package name");
        assertThat(launcher.started()).isEmpty();
    }

    @Test
    void apkHostsRejectRunsWithTheSpecsText() throws Exception {
        failureOf(send(runs("apk").runCommand(), runPatch("run-6", "patch_all", false)));

        Eventually.until("the refusal reached the server", () -> reports.terminal("run-6") != null);
        assertThat(reports.terminal("run-6").errorMessage())
                .isEqualTo("package manager \"apk\" not supported for patching (apt, dnf, yum, pkg, pacman required)");
        assertThat(launcher.started()).isEmpty();
    }

    @Test
    void aMessageWithoutAUsableRunIdFailsItsAckAndReachesNoServer() {
        PatchRuns runs = runs("apt");

        assertThatThrownBy(() -> send(runs.runCommand(), "{\"type\":\"run_patch\",\"patch_run_id\":\"../../hosts\",\"patch_type\":\"patch_all\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patch_run_id");
        assertThat(launcher.started()).isEmpty();
    }

    @Test
    void stopInterruptsTheRunningCommandAndTheRunIsCancelledThenReported() throws Exception {
        launcher.script(APT_UPDATE, Script.prints("", 0))
                .script(APT_UPGRADE_CURL, Script.runsUntil("Unpacking curl ...\n", signal -> signal == ChildProcess.Signal.INT ? 130 : null));
        PatchRuns runs = runs("apt");
        CompletableFuture<CommandHandler.Done> run = send(runs.runCommand(), runPatch("run-7", "patch_package", false, "curl"));
        Eventually.until("the upgrade is running", () -> reports.streamed("run-7").contains("Unpacking curl"));

        send(runs.stopCommand(), "{\"type\":\"patch_run_stop\",\"patch_run_id\":\"run-7\"}").get(45, TimeUnit.SECONDS);

        assertThat(failureOf(run)).hasMessage("stopped by user");
        PatchRunOutput done = reports.terminal("run-7");
        assertThat(done.stage()).isEqualTo("cancelled");
        assertThat(done.errorMessage()).isEqualTo("stopped by user");
        assertThat(done.output()).contains("Unpacking curl").endsWith("[patchmon] patch run stopped by user\n");
        assertThat(launcher.signals()).containsExactly(ChildProcess.Signal.INT);
        assertThat(reportsRequested).as("a stopped run may have changed packages").hasValue(1);
    }

    @Test
    void aPackageManagerIgnoringSigintGetsSigtermThenSigkill() throws Exception {
        launcher.script(APT_UPDATE, Script.prints("", 0))
                .script(APT_UPGRADE_CURL, Script.runsUntil("Unpacking curl ...\n", signal -> signal == ChildProcess.Signal.KILL ? 137 : null));
        PatchRuns runs = runs("apt");
        CompletableFuture<CommandHandler.Done> run = send(runs.runCommand(), runPatch("run-8", "patch_package", false, "curl"));
        Eventually.until("the upgrade is running", () -> reports.streamed("run-8").contains("Unpacking curl"));

        send(runs.stopCommand(), "{\"type\":\"patch_run_stop\",\"patch_run_id\":\"run-8\"}");

        failureOf(run);
        assertThat(launcher.signals()).containsExactly(ChildProcess.Signal.INT, ChildProcess.Signal.TERM, ChildProcess.Signal.KILL);
        assertThat(reports.terminal("run-8").stage()).isEqualTo("cancelled");
    }

    @Test
    void aStopForARunThatIsNotRunningFailsItsAck() {
        assertThatThrownBy(() -> send(runs("apt").stopCommand(), "{\"type\":\"patch_run_stop\",\"patch_run_id\":\"run-x\"}"))
                .isInstanceOf(IllegalStateException.class).hasMessage("no patch run run-x is running on this host");
    }

    @Test
    void oneRunAtATimeAndARedeliveredRunIsNotRunTwice() throws Exception {
        launcher.script(APT_UPDATE, Script.prints("", 0))
                .script(APT_UPGRADE_CURL, Script.runsUntil("Unpacking curl ...\n", signal -> 130));
        PatchRuns runs = runs("apt");
        CompletableFuture<CommandHandler.Done> first = send(runs.runCommand(), runPatch("run-9", "patch_package", false, "curl"));
        Eventually.until("the first run is going", () -> reports.streamed("run-9").contains("Unpacking"));

        Throwable refused = failureOf(send(runs.runCommand(), runPatch("run-10", "patch_package", false, "curl")));
        CompletableFuture<CommandHandler.Done> again = send(runs.runCommand(), runPatch("run-9", "patch_package", false, "curl"));

        assertThat(refused).hasMessageContaining("another patch run (run-9) is in progress");
        Eventually.until("the refusal reached the server", () -> reports.terminal("run-10") != null);
        assertThat(reports.terminal("run-10").stage()).isEqualTo("failed");
        assertThat(again).as("the redelivery is acknowledged and ignored").isCompleted();
        send(runs.stopCommand(), "{\"type\":\"patch_run_stop\",\"patch_run_id\":\"run-9\"}");
        failureOf(first);
        send(runs.runCommand(), runPatch("run-9", "patch_package", false, "curl")).get(45, TimeUnit.SECONDS);
        assertThat(launcher.started()).containsExactly(APT_UPDATE, APT_UPGRADE_CURL);
        assertThat(reports.stages("run-9")).filteredOn(PatchRunOutput::terminal).hasSize(1);
    }

    @Test
    void outputIsSentInBoundedChunksNotARequestPerLine() throws Exception {
        // Only size and the end of the run flush: the count of chunks cannot depend on the machine's speed.
        timings = new PatchTimings(Duration.ofHours(1), 16 * 1024, 1024 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofHours(1), Duration.ofSeconds(10));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            lines.append(String.format("Unpacking package-%04d (1.0-%d) over (0.9) ...%50s%n", i, i, ""));
        }
        launcher.script(APT_UPDATE, Script.prints("", 0)).script(APT_UPGRADE_CURL, Script.prints(lines.toString(), 0));

        send(runs("apt").runCommand(), runPatch("run-11", "patch_package", false, "curl")).get(45, TimeUnit.SECONDS);

        List<PatchRunOutput> chunks = reports.stages("run-11").stream().filter(s -> s.stage().equals("progress")).toList();
        assertThat(lines.length()).isGreaterThan(180_000);
        assertThat(chunks).hasSizeBetween(lines.length() / (16 * 1024), lines.length() / (16 * 1024) + 3);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.output().length()).isLessThanOrEqualTo(16 * 1024);
            assertThat(chunk.output()).endsWith("\n");
        });
        assertThat(reports.streamed("run-11")).isEqualTo(reports.terminal("run-11").output());
    }

    @Test
    void carriageReturnsAreKeptAndEndAPieceOfLiveOutput() throws Exception {
        launcher.script(APT_UPDATE, Script.prints("", 0))
                .script(APT_UPGRADE_CURL, Script.prints("(Reading database ... 5%\r(Reading database ... 100%\rdone\n", 0));

        send(runs("apt").runCommand(), runPatch("run-12", "patch_package", false, "curl")).get(45, TimeUnit.SECONDS);

        assertThat(reports.terminal("run-12").output()).contains("(Reading database ... 5%\r(Reading database ... 100%\rdone\n");
    }

    @Test
    void aTerminalStageTheServerCannotTakeIsKeptOnDiskAndSentAtTheNextStart() throws Exception {
        launcher.script(APT_UPDATE, Script.prints("", 0)).script(APT_SIMULATE_CURL,
                Script.prints(RecordedCommands.resource("/fixtures/patching/apt/only-upgrade-curl.txt"), 0));
        reports.failing("dry_run_completed", new ServerException(0, "connection refused", null));

        send(runs("apt").runCommand(), runPatch("run-13", "patch_package", true, "curl")).get(45, TimeUnit.SECONDS);

        Path kept = dir.resolve("patch-results/run-13.json");
        assertThat(kept).exists();
        assertThat(reports.terminal("run-13")).isNull();
        RecordingReports afterRestart = new RecordingReports();
        PatchRuns restarted = new PatchRuns(() -> Optional.of("apt"), new PatchBackends(tools, () -> true), launcher, afterRestart,
                new PendingResults(dir), reportsRequested::incrementAndGet, timings, timer);

        // The server redelivers the run it never heard back about: it is not run again, its kept result goes out.
        send(restarted.runCommand(), runPatch("run-13", "patch_package", true, "curl")).get(45, TimeUnit.SECONDS);
        Eventually.until("the kept result was delivered", () -> afterRestart.terminal("run-13") != null);
        restarted.resendPending();

        PatchRunOutput delivered = afterRestart.terminal("run-13");
        assertThat(delivered.stage()).isEqualTo("dry_run_completed");
        assertThat(delivered.packagesAffected()).hasSize(4);
        assertThat(delivered.output()).contains("Inst curl");
        assertThat(kept).doesNotExist();
        assertThat(launcher.started()).as("run once, before the restart").containsExactly(APT_UPDATE, APT_SIMULATE_CURL);
        assertThat(afterRestart.stages("run-13")).as("delivered once").hasSize(1);
    }

    @Test
    void aRunTheServerRefusesAtStartIsNotExecuted() throws Exception {
        reports.failing("started", new ServerException(403, "/patching/runs/run-14/output answered HTTP 403: Forbidden", null));

        Throwable failure = failureOf(send(runs("apt").runCommand(), runPatch("run-14", "patch_all", false)));

        assertThat(failure).hasMessageContaining("the server refused the run");
        assertThat(launcher.started()).isEmpty();
        assertThat(reports.stages("run-14")).isEmpty();
    }

    @Test
    void aDeclinedDnfSimulationIsADryRunAndAResolutionErrorIsAFailure() throws Exception {
        tools.program("dnf").answer("rpm -q --qf %{NAME} %{ARCH} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n curl libcurl",
                "/fixtures/patching/dnf4/rpm-q.txt", 0);
        launcher.script("dnf makecache -y", Script.prints("Metadata cache created.\n", 0))
                .script("dnf upgrade --assumeno curl", Script.prints(RecordedCommands.resource("/fixtures/patching/dnf4/upgrade-assumeno-curl.txt"), 1))
                .script("dnf upgrade --assumeno nosuchpackage",
                        Script.prints(RecordedCommands.resource("/fixtures/patching/dnf4/upgrade-assumeno-nomatch.txt"), 1));
        PatchRuns runs = runs("dnf");

        send(runs.runCommand(), runPatch("run-15", "patch_package", true, "curl")).get(45, TimeUnit.SECONDS);
        failureOf(send(runs.runCommand(), runPatch("run-16", "patch_package", true, "nosuchpackage")));

        assertThat(reports.terminal("run-15").stage()).isEqualTo("dry_run_completed");
        assertThat(reports.terminal("run-15").packagesAffected()).first()
                .satisfies(curl -> assertThat(curl.currentVersion()).isEqualTo("7.76.1-29.el9_4.1"));
        assertThat(reports.terminal("run-16").stage()).isEqualTo("failed");
        assertThat(reports.terminal("run-16").errorMessage()).isEqualTo("dnf upgrade --assumeno nosuchpackage exited with 1: "
                + "Error: No packages marked for upgrade.");
    }

    @Test
    void freebsdPatchAllInstallsBaseUpdatesOnlyWhenTheFetchStagedSome() throws Exception {
        tools.program("pkg", "pkg-static", "freebsd-update");
        launcher.script("freebsd-update --not-running-from-cron fetch",
                        Script.prints(RecordedCommands.resource("/fixtures/patching/freebsd-update/fetch-none.txt"), 0))
                .script("pkg update", Script.prints("FreeBSD repository is up to date.\n", 0))
                .script("pkg upgrade -y", Script.prints("Your packages are up to date.\n", 0));

        send(runs("pkg").runCommand(), runPatch("run-17", "patch_all", false)).get(45, TimeUnit.SECONDS);

        assertThat(launcher.started()).containsExactly("freebsd-update --not-running-from-cron fetch", "pkg update", "pkg upgrade -y");
        assertThat(reports.terminal("run-17").output()).contains("staged no base-system updates");

        launcher.script("freebsd-update --not-running-from-cron fetch",
                        Script.prints(RecordedCommands.resource("/fixtures/patching/freebsd-update/fetch-staged.txt"), 0))
                .script("freebsd-update --not-running-from-cron install", Script.prints("Installing updates... done.\n", 0));

        send(runs("pkg").runCommand(), runPatch("run-18", "patch_all", false)).get(45, TimeUnit.SECONDS);

        assertThat(launcher.started().subList(3, 7)).containsExactly("freebsd-update --not-running-from-cron fetch",
                "freebsd-update --not-running-from-cron install", "pkg update", "pkg upgrade -y");
        assertThat(launcher.environments().get(3)).containsEntry("ASSUME_ALWAYS_YES", "yes").containsEntry("PAGER", "cat");
    }
}
