package cloud.patchmon.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app. Writes the cloud assembly to {@code CDK_OUTDIR} (set by the CDK CLI, or by
 * {@code deploy.sh synth} which needs no CLI).
 *
 * <p>Context (or environment): {@code apiAsset} / {@code PATCHMON_API_ASSET} (default
 * {@code ../../functions/api/target/patchmon-api-lambda.zip}), {@code jobsAsset} /
 * {@code PATCHMON_JOBS_ASSET} (default {@code ../../functions/jobs/target/patchmon-jobs-lambda.zip}), {@code wsAsset} /
 * {@code PATCHMON_WS_ASSET} (default {@code ../../functions/ws/target/patchmon-ws-lambda.zip}), {@code workflowAsset} /
 * {@code PATCHMON_WORKFLOW_ASSET} (default {@code ../../functions/workflow/target/patchmon-workflow-lambda.zip}), {@code webDist} /
 * {@code PATCHMON_WEB_DIST} (default {@code ../../web/dist}; skipped when missing), {@code agentDist} /
 * {@code PATCHMON_AGENT_DIST} (default {@code ../../agent/target/dist/agent}; skipped when missing),
 * {@code stage} (API Gateway stage, default {@code prod}), {@code tableName} (default: generated
 * by CloudFormation), {@code stackName} (default {@code PatchmonCloud}). Relative paths are
 * resolved against {@code infra/cdk}.
 */
public final class PatchmonApp {

    static final String DEFAULT_API_ASSET = "../../functions/api/target/patchmon-api-lambda.zip";
    static final String DEFAULT_JOBS_ASSET = "../../functions/jobs/target/patchmon-jobs-lambda.zip";
    static final String DEFAULT_WS_ASSET = "../../functions/ws/target/patchmon-ws-lambda.zip";
    static final String DEFAULT_WORKFLOW_ASSET = "../../functions/workflow/target/patchmon-workflow-lambda.zip";
    static final String DEFAULT_WEB_DIST = "../../web/dist";
    static final String DEFAULT_AGENT_DIST = "../../agent/target/dist/agent";

    private PatchmonApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Path moduleDir = moduleDir();

        Path apiAsset = requiredAsset(app, moduleDir, "api", "apiAsset", "PATCHMON_API_ASSET", DEFAULT_API_ASSET);
        Path jobsAsset = requiredAsset(app, moduleDir, "jobs", "jobsAsset", "PATCHMON_JOBS_ASSET", DEFAULT_JOBS_ASSET);
        Path wsAsset = requiredAsset(app, moduleDir, "ws", "wsAsset", "PATCHMON_WS_ASSET", DEFAULT_WS_ASSET);
        Path workflowAsset = requiredAsset(app, moduleDir, "workflow", "workflowAsset", "PATCHMON_WORKFLOW_ASSET", DEFAULT_WORKFLOW_ASSET);
        Path webDist = resolve(moduleDir, setting(app, "webDist", "PATCHMON_WEB_DIST").orElse(DEFAULT_WEB_DIST));
        Optional<Path> web = Files.isDirectory(webDist) ? Optional.of(webDist) : Optional.empty();
        if (web.isEmpty()) {
            System.err.println("patchmon: no web build at " + webDist + "; the bucket is created but nothing is uploaded");
        }

        Path agentDist = resolve(moduleDir, setting(app, "agentDist", "PATCHMON_AGENT_DIST").orElse(DEFAULT_AGENT_DIST));
        Optional<Path> agent = Files.isDirectory(agentDist) ? Optional.of(agentDist) : Optional.empty();
        if (agent.isEmpty()) {
            System.err.println("patchmon: no agent build at " + agentDist + "; agents cannot be downloaded until one is uploaded");
        }

        String stackName = setting(app, "stackName", "PATCHMON_STACK_NAME").orElse("PatchmonCloud");
        PatchmonStack.Settings settings = new PatchmonStack.Settings(apiAsset, jobsAsset, wsAsset, workflowAsset, web,
                setting(app, "stage", "PATCHMON_STAGE").orElse("prod"),
                setting(app, "tableName", "PATCHMON_TABLE_NAME").orElse(null), agent);

        PatchmonStack stack = new PatchmonStack(app, stackName, StackProps.builder()
                .description("PatchMon Cloud: fleet patch monitoring (table, api function, REST API, web)")
                .env(environment())
                .build(), settings);
        Tags.of(stack).add("project", "patchmon-cloud");
        app.synth();
    }

    /** A Lambda zip that must exist: the context value or environment variable, else the module's build output. */
    private static Path requiredAsset(App app, Path moduleDir, String function, String contextKey, String envName, String defaultPath) {
        Path asset = resolve(moduleDir, setting(app, contextKey, envName).orElse(defaultPath));
        if (!Files.isRegularFile(asset)) {
            throw new IllegalStateException("The " + function + " Lambda artifact " + asset + " does not exist. Build it with "
                    + "`mvn -B -q install -DskipTests` at the repository root, or point the context value " + contextKey
                    + " (or " + envName + ") at the zip.");
        }
        return asset;
    }

    /** Context value first (-c key=value via the CLI), then the environment variable. */
    static Optional<String> setting(App app, String contextKey, String envName) {
        Object value = app.getNode().tryGetContext(contextKey);
        if (value != null && !value.toString().isBlank()) {
            return Optional.of(value.toString());
        }
        String env = System.getenv(envName);
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
    }

    /** Account and region from the CLI's credentials when present; environment-agnostic otherwise. */
    private static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account == null && region == null) {
            return null;
        }
        return Environment.builder().account(account).region(region).build();
    }

    /** infra/cdk, whether the app runs from there (CDK CLI, deploy.sh) or from the repository root. */
    static Path moduleDir() {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(cwd.resolve("cdk.json"))) {
            return cwd;
        }
        Path fromRoot = cwd.resolve("infra/cdk");
        return Files.isRegularFile(fromRoot.resolve("cdk.json")) ? fromRoot : cwd;
    }

    static Path resolve(Path moduleDir, String path) {
        return moduleDir.resolve(path).normalize();
    }
}
