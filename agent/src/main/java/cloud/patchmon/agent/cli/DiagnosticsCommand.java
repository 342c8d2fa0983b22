package cloud.patchmon.agent.cli;

import cloud.patchmon.agent.AgentVersion;
import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.config.InvalidConfigException;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.agent.logging.AgentLogging;
import cloud.patchmon.agent.packages.PackageManagers;
import cloud.patchmon.agent.reporting.LastReport;
import cloud.patchmon.agent.server.ServerClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code patchmon-agent diagnostics}: everything an operator (or PatchMon support) needs to see why a host
 * does not report — configuration, credentials, connectivity, package manager, last report, log tail.
 */
@Command(name = "diagnostics", description = "Print configuration, connectivity, package manager, last report and recent log lines.")
final class DiagnosticsCommand implements Callable<Integer> {

    @ParentCommand
    PatchmonAgent root;

    @Spec
    CommandSpec spec;

    @Option(names = "--log-lines", defaultValue = "20", description = "how many log lines to show (default: ${DEFAULT-VALUE})")
    int logLines;

    @Override
    public Integer call() throws InterruptedException {
        AgentLogging.consoleOnly();
        PrintWriter out = spec.commandLine().getOut();
        ConfigFiles files = root.files();
        boolean healthy = true;
        out.println("PatchMon agent diagnostics");
        out.println("  Agent version:   " + AgentVersion.current());
        out.println("  Java runtime:    " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") "
                + System.getProperty("java.home"));
        out.println("  OS:              " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));

        out.println();
        out.println("Configuration");
        AgentConfig config = null;
        Credentials credentials = null;
        try {
            config = files.config();
            out.println("  Config file:     " + files.configFile() + " (ok)");
            out.println("  Server:          " + config.apiBase());
            out.println("  Update interval: " + config.updateInterval() + " minutes");
            out.println("  Skip TLS verify: " + config.skipSslVerify());
            credentials = files.credentials(config);
            out.println("  Credentials:     " + config.credentialsFile() + " (api_id " + credentials.apiId() + ", mode " + mode(config.credentialsFile()) + ")");
        } catch (InvalidConfigException e) {
            out.println("  Problem:         " + e.getMessage());
            healthy = false;
        }

        out.println();
        out.println("Connectivity");
        if (credentials != null) {
            StringWriter result = new StringWriter();
            PrintWriter writer = new PrintWriter(result);
            int code = PingCommand.ping(ServerClient.forConfig(config, credentials, AgentVersion.current()).once(), writer, writer);
            writer.flush();
            result.toString().lines().forEach(line -> out.println("  " + line));
            healthy &= code == 0;
        } else {
            out.println("  skipped: no usable configuration");
        }

        out.println();
        out.println("Package manager");
        out.println("  " + PackageManagers.detect(new ProcessCommandRunner()).map(pm -> pm.name() + " (detected)")
                .orElse("none of apt, dnf, yum, zypper, apk, pacman, pkg found"));

        out.println();
        out.println("Last report");
        out.println("  " + LastReport.load(files.dir()).map(DiagnosticsCommand::describe).orElse("none recorded yet"));

        out.println();
        Path log = config != null ? config.logFile() : files.dir().resolve("logs").resolve("patchmon-agent.log");
        out.println("Log (" + log + ", last " + logLines + " lines)");
        tail(log, logLines).forEach(line -> out.println("  " + line));
        return healthy ? 0 : 1;
    }

    private static String describe(LastReport last) {
        if (last.error() != null) {
            return last.at() + ": failed: " + last.error();
        }
        return last.at() + ": " + last.sent() + (last.sections().isEmpty() ? "" : " " + last.sections()) + ", " + last.packages()
                + " packages, " + last.updates() + " updates (" + last.securityUpdates() + " security), " + last.executionMs() + " ms";
    }

    private static String mode(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log file yet)");
        }
    }
}
