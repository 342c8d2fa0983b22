package cloud.patchmon.agent.cli;

import cloud.patchmon.agent.AgentVersion;
import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.config.InvalidConfigException;
import cloud.patchmon.agent.logging.AgentLogging;
import cloud.patchmon.agent.server.ServerClient;
import cloud.patchmon.agent.server.ServerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code patchmon-agent ping}: checks the credentials and the connection to the server (spec ch. 3 troubleshooting). */
@Command(name = "ping", description = "Test the API credentials and the connection to the PatchMon server.")
final class PingCommand implements Callable<Integer> {

    @ParentCommand
    PatchmonAgent root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        AgentLogging.consoleOnly();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigFiles files = root.files();
        AgentConfig config;
        Credentials credentials;
        try {
            config = files.config();
            credentials = files.credentials(config);
        } catch (InvalidConfigException e) {
            err.println("Configuration error: " + e.getMessage());
            return 2;
        }
        return ping(ServerClient.forConfig(config, credentials, AgentVersion.current()).once(), out, err);
    }

    /** One attempt, no retries: an operator at the terminal wants the answer now. */
    static int ping(ServerClient server, PrintWriter out, PrintWriter err) throws InterruptedException {
        try {
            server.post("/hosts/ping", null);
            out.println("API credentials are valid");
            out.println("Connectivity test successful");
            return 0;
        } catch (ServerException e) {
            if (e.unauthorized()) {
                err.println("API credentials are invalid: " + e.getMessage());
                err.println("Regenerate the credentials from Host Detail -> Deploy Agent and update credentials.yml.");
            } else {
                err.println("Connectivity test failed: " + e.getMessage());
            }
            return 1;
        }
    }
}
