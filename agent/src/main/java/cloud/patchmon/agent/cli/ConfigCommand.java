package cloud.patchmon.agent.cli;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.config.InvalidConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code patchmon-agent config show|set}: read and change config.yml. */
@Command(name = "config", description = "Show or change the agent configuration.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Set.class, ConfigCommand.SetApi.class})
final class ConfigCommand {

    @ParentCommand
    PatchmonAgent root;

    @Command(name = "show", description = "Print the effective configuration (the API key is masked).")
    static final class Show implements Callable<Integer> {

        @ParentCommand
        ConfigCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ConfigFiles files = parent.root.files();
            try {
                AgentConfig config = files.config();
                out.println("config file:        " + files.configFile());
                out.println("patchmon_server:    " + config.patchmonServer());
                out.println("api_version:        " + config.apiVersion());
                out.println("update_interval:    " + config.updateInterval() + " minutes");
                out.println("report_offset:      " + (config.reportOffset() == null ? "(derived from the API ID)" : config.reportOffset() + " s"));
                out.println("skip_ssl_verify:    " + config.skipSslVerify());
                out.println("log_file:           " + config.logFile());
                out.println("log_level:          " + config.logLevel());
                out.println("package_cache_refresh_mode: " + config.packageCacheRefreshMode()
                        + " (max age " + config.packageCacheRefreshMaxAge() + " minutes)");
                out.println("integrations:");
                out.println("  docker:           " + config.integrations().docker());
                out.println("  compliance:       " + config.integrations().compliance());
                out.println("  ssh-proxy-enabled: " + config.integrations().sshProxyEnabled());
                out.println("  rdp-proxy-enabled: " + config.integrations().rdpProxyEnabled());
                out.println("credentials_file:   " + config.credentialsFile());
                try {
                    Credentials credentials = files.credentials(config);
                    out.println("  api_id:           " + credentials.apiId());
                    out.println("  api_key:          " + mask(credentials.apiKey()));
                } catch (InvalidConfigException e) {
                    out.println("  (" + e.getMessage() + ")");
                }
                return 0;
            } catch (InvalidConfigException e) {
                spec.commandLine().getErr().println("Configuration error: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "set", description = "Set one setting, e.g. 'update_interval 30' or 'integrations.docker true'.")
    static final class Set implements Callable<Integer> {

        @ParentCommand
        ConfigCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KEY", description = "setting name; dots reach into blocks")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "new value (YAML: true, 30, \"text\")")
        String value;

        @Override
        public Integer call() {
            try {
                parent.root.files().set(key, value);
                spec.commandLine().getOut().println("Set " + key + " = " + value);
                return 0;
            } catch (InvalidConfigException e) {
                spec.commandLine().getErr().println("Not changed: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                spec.commandLine().getErr().println("Not changed: cannot write " + parent.root.files().configFile() + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "set-api", description = "Write the credentials and the server URL (creating config.yml with defaults if needed).")
    static final class SetApi implements Callable<Integer> {

        @ParentCommand
        ConfigCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "API_ID")
        String apiId;

        @Parameters(index = "1", paramLabel = "API_KEY")
        String apiKey;

        @Parameters(index = "2", paramLabel = "SERVER_URL", description = "e.g. https://patchmon.example.com")
        String server;

        @Override
        public Integer call() {
            ConfigFiles files = parent.root.files();
            try {
                files.setApi(new Credentials(apiId.trim(), apiKey.trim()), server.trim());
                spec.commandLine().getOut().println("Credentials written to " + files.config().credentialsFile()
                        + "; server set to " + files.config().patchmonServer());
                return 0;
            } catch (InvalidConfigException e) {
                spec.commandLine().getErr().println("Not changed: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                spec.commandLine().getErr().println("Not changed: " + e.getMessage());
                return 1;
            }
        }
    }

    static String mask(String secret) {
        return secret.length() <= 8 ? "****" : "****" + secret.substring(secret.length() - 4);
    }
}
