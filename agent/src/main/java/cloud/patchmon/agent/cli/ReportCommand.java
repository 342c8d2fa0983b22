package cloud.patchmon.agent.cli;

import cloud.patchmon.agent.AgentVersion;
import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.InvalidConfigException;
import cloud.patchmon.agent.logging.AgentLogging;
import cloud.patchmon.agent.reporting.HostInventory;
import cloud.patchmon.agent.reporting.Inventory;
import cloud.patchmon.agent.reporting.LastReport;
import cloud.patchmon.agent.reporting.Payloads;
import cloud.patchmon.agent.reporting.Reporter;
import cloud.patchmon.agent.server.ServerException;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code patchmon-agent report}: collect now and send a full report, or print it with {@code --json}. */
@Command(name = "report", description = "Collect the host's data now and send a full report to PatchMon.")
final class ReportCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger(ReportCommand.class.getName());

    @ParentCommand
    PatchmonAgent root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print the report payload instead of sending it")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigFiles files = root.files();
        try {
            if (json) {
                AgentLogging.consoleOnly();
                AgentConfig config = files.config();
                Inventory inventory = HostInventory.forHost(config).collect();
                out.println(new com.fasterxml.jackson.databind.ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                        .writeValueAsString(new Payloads(AgentVersion.current()).full(inventory)));
                return 0;
            }
            AgentSession session = AgentSession.open(files);
            AgentLogging.configure(session.config().logFile(), session.config().logLevel(), false);
            long started = System.nanoTime();
            Reporter.Outcome outcome = session.reporter().cycle(true, false);
            new LastReport(Instant.now().toString(), outcome.sent(), outcome.sections(), outcome.packages(), outcome.updates(),
                    outcome.securityUpdates(), (System.nanoTime() - started) / 1_000_000, null).save(files.dir());
            String summary = String.format("%d packages, %d updates available (%d security)", outcome.packages(), outcome.updates(),
                    outcome.securityUpdates());
            LOG.log(System.Logger.Level.INFO, "report sent on request: {0}", summary);
            out.println("Report sent successfully: " + summary);
            return 0;
        } catch (InvalidConfigException e) {
            err.println("Configuration error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("Collection failed: " + e.getMessage());
            return 1;
        } catch (ServerException e) {
            err.println("Report failed: " + e.getMessage());
            return 1;
        }
    }
}
