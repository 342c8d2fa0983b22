package cloud.patchmon.agent.cli;

import cloud.patchmon.agent.AgentVersion;
import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.InvalidConfigException;
import cloud.patchmon.agent.logging.AgentLogging;
import cloud.patchmon.agent.reporting.Daemon;
import cloud.patchmon.agent.reporting.ReportRequests;
import cloud.patchmon.agent.reporting.ThreadSleeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code patchmon-agent serve}: the daemon the service manager runs. */
@Command(name = "serve", description = "Run as a service: report every update_interval minutes.")
final class ServeCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

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
            new Daemon(files, AgentSession::open, new ThreadSleeper(Clock.systemUTC()), Clock.systemUTC(), new ReportRequests()).run();
            return 0;
        } catch (InvalidConfigException e) {
            spec.commandLine().getErr().println("Configuration error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("Cannot open the log file: " + e.getMessage());
            return 2;
        }
    }
}
