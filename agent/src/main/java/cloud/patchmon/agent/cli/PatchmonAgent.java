package cloud.patchmon.agent.cli;

import cloud.patchmon.agent.AgentVersion;
import cloud.patchmon.agent.config.ConfigFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code patchmon-agent}: the command line of the PatchMon host agent. */
@Command(name = "patchmon-agent", mixinStandardHelpOptions = true, versionProvider = PatchmonAgent.Version.class,
        description = "PatchMon host agent: reports packages, repositories and system details to PatchMon.",
        subcommands = {PingCommand.class, ReportCommand.class, ServeCommand.class, DiagnosticsCommand.class, ConfigCommand.class})
public final class PatchmonAgent {

    @Option(names = "--config-dir", paramLabel = "DIR", description = "directory of config.yml and credentials.yml (default: ${DEFAULT-VALUE})",
            defaultValue = "/etc/patchmon", scope = CommandLine.ScopeType.INHERIT)
    Path configDir;

    ConfigFiles files() {
        return new ConfigFiles(configDir);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new PatchmonAgent());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"patchmon-agent " + AgentVersion.current()};
        }
    }
}
