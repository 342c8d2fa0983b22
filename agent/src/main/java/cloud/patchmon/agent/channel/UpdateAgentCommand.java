package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.server.ServerClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * {@code update_agent} (Host Detail's "Force Agent Version Upgrade", Update Now) and the daemon's scheduled check:
 * asks {@code GET /hosts/agent/version} whether a newer agent exists and, when it does, downloads it, checks its
 * SHA-256, replaces the launcher file keeping one backup and restarts (a command after its acknowledgement). The
 * scheduled check defers to the server's {@code autoUpdateDisabled} (Settings → Agent Updates or the host's own
 * switch is off); Update Now is the operator's explicit request and does not. It never loops: it refuses the version
 * already running, a file identical to the running one, and any version that once failed verification.
 */
public final class UpdateAgentCommand implements CommandHandler {

    /** Agents are a few MB; anything near this is not an agent and must not fill the disk. */
    static final long MAX_DOWNLOAD_BYTES = 64L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(UpdateAgentCommand.class.getName());

    private final Servers servers;
    private final Optional<LauncherFile> launcher;
    private final FailedUpdates failed;
    private final String runningVersion;
    private final AgentPlatform platform;
    private final Runnable restart;
    private final BooleanSupplier patchRunInProgress;

    /**
     * @param launcher the file the service runs; empty when the agent was not started by its launcher (a development run)
     * @param restart  ends the process so that the service manager starts the new file
     * @param patchRunInProgress whether a patch run is executing: a restart would kill the package manager mid-run
     */
    public UpdateAgentCommand(Servers servers, Optional<LauncherFile> launcher, FailedUpdates failed, String runningVersion,
                              AgentPlatform platform, Runnable restart, BooleanSupplier patchRunInProgress) {
        this.servers = servers;
        this.launcher = launcher;
        this.failed = failed;
        this.runningVersion = runningVersion;
        this.platform = platform;
        this.restart = restart;
        this.patchRunInProgress = patchRunInProgress;
    }

    @Override
    public CompletionStage<Done> handle(JsonNode message) throws Exception {
        return CompletableFuture.completedFuture(update(false).map(Done::new).orElse(Done.NOTHING_MORE));
    }

    /**
     * The daemon's scheduled check ({@code auto_update} on): installs a newer agent the server offers for automatic
     * updates and restarts at once; nothing when there is none or the server has auto-update off for this host.
     *
     * @throws Exception as the command, for a refused or failed update
     */
    public void checkOnSchedule() throws Exception {
        Optional<Runnable> installed = update(true);
        if (installed.isPresent()) {
            installed.get().run();
        }
    }

    /** @return the restart to run once a new agent is in place; empty when nothing was installed */
    private synchronized Optional<Runnable> update(boolean scheduled) throws Exception {
        LauncherFile file = launcher.orElseThrow(() -> new IllegalStateException(
                "this agent was not started by its launcher, so there is no file to update"));
        if (patchRunInProgress.getAsBoolean()) {
            throw new IllegalStateException("a patch run is in progress on this host; update the agent when it has finished");
        }
        ServerClient server = servers.current();
        JsonNode offer = server.get("/hosts/agent/version?arch=" + encode(platform.arch()) + "&os=" + encode(platform.os())
                + "&type=java&currentVersion=" + encode(runningVersion));
        String latest = offer.path("latestVersion").asText("");
        if (!offer.path("hasUpdate").asBoolean(false)) {
            LOG.log(System.Logger.Level.INFO, "agent {0} is up to date", runningVersion);
            return Optional.empty();
        }
        if (scheduled && offer.path("autoUpdateDisabled").asBoolean(false)) {
            LOG.log(System.Logger.Level.INFO, "agent {0} is available; not installed on schedule: {1}", latest,
                    offer.path("autoUpdateDisabledReason").asText("auto-update is disabled on the server"));
            return Optional.empty();
        }
        if (latest.isBlank() || latest.equals(runningVersion)) {
            throw new IllegalStateException("the server offers version " + (latest.isBlank() ? "(none)" : latest) + ", which is already running");
        }
        if (failed.contains(latest)) {
            throw new IllegalStateException("version " + latest + " failed verification before; it will not be installed");
        }
        String expected = offer.path("hash").asText("").trim();
        String url = offer.path("downloadUrl").asText("");
        if (expected.isEmpty() || url.isBlank()) {
            throw new IllegalStateException("the server's offer of " + latest + " has no " + (expected.isEmpty() ? "hash" : "download URL"));
        }
        byte[] content = server.download(url, MAX_DOWNLOAD_BYTES);
        String actual = LauncherFile.sha256(content);
        if (!actual.equalsIgnoreCase(expected)) {
            failed.remember(latest);
            throw new IllegalStateException("the download of " + latest + " has SHA-256 " + actual + ", not " + expected + "; not installed");
        }
        if (actual.equalsIgnoreCase(file.sha256())) {
            failed.remember(latest);
            throw new IllegalStateException("the download of " + latest + " is the file already running; not installed");
        }
        install(file, content, latest);
        return Optional.of(restart);
    }

    private static void install(LauncherFile file, byte[] content, String version) throws IOException {
        file.replace(content);
        LOG.log(System.Logger.Level.INFO, "agent {0} installed at {1} (previous file kept as {2}); restarting", version, file.path(), file.backup());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
