package cloud.patchmon.agent.cli;

import cloud.patchmon.agent.AgentVersion;
import cloud.patchmon.agent.channel.AgentChannel;
import cloud.patchmon.agent.channel.AgentCommands;
import cloud.patchmon.agent.channel.AgentPlatform;
import cloud.patchmon.agent.channel.ChannelClock;
import cloud.patchmon.agent.channel.ChannelTimings;
import cloud.patchmon.agent.channel.CommandHandler;
import cloud.patchmon.agent.channel.Commands;
import cloud.patchmon.agent.channel.FailedUpdates;
import cloud.patchmon.agent.channel.IntegrationStatus;
import cloud.patchmon.agent.channel.LauncherFile;
import cloud.patchmon.agent.channel.Servers;
import cloud.patchmon.agent.channel.UpdateAgentCommand;
import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.InvalidConfigException;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.agent.logging.AgentLogging;
import cloud.patchmon.agent.patching.PatchRuns;
import cloud.patchmon.agent.reporting.Daemon;
import cloud.patchmon.agent.reporting.ReportRequests;
import cloud.patchmon.agent.reporting.ThreadSleeper;
import cloud.patchmon.agent.server.Backoff;
import cloud.patchmon.agent.server.ServerClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code patchmon-agent serve}: the daemon the service manager runs. */
@Command(name = "serve", description = "Run as a service: report every update_interval minutes and take the server's commands over its WebSocket.")
final class ServeCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    /** The exit status after a self-update: any restart policy starts the new file (the unit has Restart=always). */
    static final int EXIT_UPDATED = 75;

    @ParentCommand
    PatchmonAgent root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ConfigFiles files = root.files();
        try {
            AgentConfig config = files.config();
            // Service managers capture stderr too (journald): log to both.
            AgentLogging.configure(config.logFile(), config.logLevel(), true);
            LOG.log(System.Logger.Level.INFO, "patchmon-agent {0} starting; server {1}, update interval {2} minutes",
                    AgentVersion.current(), config.patchmonServer(), config.updateInterval());
            ReportRequests requests = new ReportRequests();
            PatchRuns patching = PatchRuns.forHost(files, servers(files), requests);
            resendPatchResults(patching);
            UpdateAgentCommand update = updateCommand(files, patching);
            try (Commands commands = new Commands(handlers(files, requests, patching, update))) {
                AgentChannel channel = new AgentChannel(files, Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)),
                        ChannelClock.system(), ChannelTimings.DEFAULTS, commands);
                Thread channelThread = new Thread(() -> {
                    try {
                        channel.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "patchmon-channel");
                // The reporting loop is the service; the channel never keeps the process alive on its own.
                channelThread.setDaemon(true);
                channelThread.start();
                new Daemon(files, AgentSession::open, new ThreadSleeper(Clock.systemUTC()), Clock.systemUTC(), requests, update::checkOnSchedule).run();
            }
            return 0;
        } catch (InvalidConfigException e) {
            spec.commandLine().getErr().println("Configuration error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("Cannot open the log file: " + e.getMessage());
            return 2;
        }
    }

    private static Servers servers(ConfigFiles files) {
        return () -> {
            AgentConfig config = files.config();
            return ServerClient.forConfig(config, files.credentials(config), AgentVersion.current());
        };
    }

    /** Patch results the server missed while it was unreachable go out once the agent is up again. */
    private static void resendPatchResults(PatchRuns patching) {
        Thread thread = new Thread(() -> {
            try {
                patching.resendPending();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot resend kept patch results: {0}", e.getMessage());
            }
        }, "patchmon-patch-resend");
        thread.setDaemon(true);
        thread.start();
    }

    private static UpdateAgentCommand updateCommand(ConfigFiles files, PatchRuns patching) {
        Optional<LauncherFile> launcher = Optional.ofNullable(System.getProperty("patchmon.agent.launcher")).map(Path::of).map(LauncherFile::new);
        return new UpdateAgentCommand(servers(files), launcher, new FailedUpdates(files.dir()), AgentVersion.current(), AgentPlatform.ofThisJvm(),
                () -> System.exit(EXIT_UPDATED), patching::inProgress);
    }

    private static Map<String, CommandHandler> handlers(ConfigFiles files, ReportRequests requests, PatchRuns patching, UpdateAgentCommand update) {
        return AgentCommands.of(files, requests, new IntegrationStatus(files, servers(files), HostFiles.system(), new ProcessCommandRunner()),
                update, patching.runCommand(), patching.stopCommand());
    }
}
