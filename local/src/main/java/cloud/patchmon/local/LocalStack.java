package cloud.patchmon.local;

import cloud.patchmon.api.ApiApplication;
import cloud.patchmon.core.agents.AgentDownloads;
import cloud.patchmon.core.blobs.BlobStore;
import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.DynamoDbClients;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.storage.TableDesign;
import cloud.patchmon.core.storage.TableProvisioner;
import cloud.patchmon.jobs.Jobs;
import cloud.patchmon.local.ws.LocalWebSocketConfiguration;
import cloud.patchmon.workflow.WorkflowTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * {@code ./patchmon up}: every function of PatchMon Cloud in one JVM, with the AWS services
 * emulated by the local adapters. Ctrl-C stops the web server first, then the emulators.
 */
public final class LocalStack {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final String TABLE = TableDesign.DEFAULT_TABLE_NAME;

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        LocalSettings settings = LocalSettings.fromEnvironment(System.getenv());
        ConfigurableApplicationContext context = start(settings, args);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        LOG.info("PatchMon Cloud is running at http://localhost:{} (data in {})", port, settings.dataDir());
    }

    /** Starts the stack; closing the returned context stops everything it started. */
    public static ConfigurableApplicationContext start(LocalSettings settings, String... extraArgs) throws Exception {
        EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start(settings.dataDir().resolve("dynamodb"));
        try {
            provisionTables(dynamo);
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + settings.port(),
                    "--patchmon.storage.table=" + TABLE,
                    "--patchmon.storage.endpoint=" + dynamo.endpoint(),
                    "--patchmon.auth.jwt-secret=" + jwtSecret(settings),
                    "--patchmon.secrets.data-key=" + dataKey(settings),
                    "--patchmon.blobs.dir=" + settings.dataDir().resolve("blobs"),
                    // The serverless web server factory is the Lambda handler's; here Tomcat serves.
                    "--spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
                    "--server.shutdown=graceful",
                    // DynamoDB Local logs every refused request (e.g. "table not found" probes) as a warning.
                    "--logging.level.software.amazon.dynamodb=ERROR",
                    "--logging.level.org.eclipse.jetty=WARN"));
            // End-to-end tests of the stack as a process cut agent connections through this hook.
            if ("true".equals(System.getenv("PATCHMON_LOCAL_TEST_HOOKS"))) {
                args.add("--patchmon.local.test-hooks=true");
            }
            args.addAll(List.of(extraArgs));
            LocalStackContext context = (LocalStackContext) new SpringApplicationBuilder(ApiApplication.class, SpaWebConfiguration.class, LocalWebSocketConfiguration.class,
                            MeteringConfiguration.class)
                    .contextFactory(ApplicationContextFactory.of(LocalStackContext::new))
                    .registerShutdownHook(true)
                    .run(args.toArray(String[]::new));
            LocalScheduler scheduler = new LocalScheduler(new Jobs(context.getBean(ItemStore.class), context.getBean(Clock.class), context.getBean(HostHealth.class)),
                    Executors.newSingleThreadScheduledExecutor(runnable -> {
                        Thread thread = new Thread(runnable, "local-scheduler");
                        thread.setDaemon(true);
                        return thread;
                    }));
            scheduler.start(Jobs.schedules());
            LocalWorkflowsRuntime workflows = LocalWorkflowsRuntime.start(context.getBean(ItemStore.class),
                    workflowsItself -> WorkflowTasks.standard(context.getBean(ItemStore.class), context.getBean(AgentRealtime.class),
                            context.getBean(UiChannel.class), context.getBean(Events.class), workflowsItself, context.getBean(Clock.class)),
                    context.getBean(Clock.class));
            context.getBeanFactory().registerSingleton("workflows", workflows.workflows());
            publishAgent(context.getBean(BlobStore.class));
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    scheduler.close();
                    workflows.close();
                }
            });
            context.afterClose(() -> closeQuietly(dynamo));
            return context;
        } catch (Exception | Error e) {
            closeQuietly(dynamo);
            throw e;
        }
    }

    /**
     * The servlet context, with actions run once it is fully closed. Tomcat is destroyed last, after every bean and
     * every ContextClosedEvent listener: that is when the agents' sockets close and their {@code $disconnect} runs,
     * which must still reach DynamoDB Local, or the restarted stack would show those hosts connected.
     */
    private static final class LocalStackContext extends AnnotationConfigServletWebServerApplicationContext {

        private final List<Runnable> afterClose = new CopyOnWriteArrayList<>();

        void afterClose(Runnable action) {
            afterClose.add(action);
        }

        @Override
        protected void doClose() {
            try {
                super.doClose();
            } finally {
                afterClose.forEach(Runnable::run);
            }
        }
    }

    /** The agent built with this stack, served by GET /hosts/agent/download as the release process would publish it. */
    private static void publishAgent(BlobStore blobs) throws java.io.IOException {
        try (java.io.InputStream in = LocalStack.class.getResourceAsStream("/agent-dist/patchmon-agent")) {
            if (in == null) {
                LOG.warn("this build has no agent (agent/target/patchmon-agent): GET /hosts/agent/download will answer 404");
                return;
            }
            AgentDownloads downloads = new AgentDownloads(blobs);
            int written = downloads.publishUnixAgent(in.readAllBytes());
            if (written > 0) {
                LOG.info("published the agent for Linux and FreeBSD ({} blobs)", written);
            }
            // The manifest Update Now's GET /hosts/agent/version offers, after the binaries it describes.
            try (java.io.InputStream release = LocalStack.class.getResourceAsStream("/agent-dist/release.json")) {
                if (release != null && downloads.publishRelease(release.readAllBytes())) {
                    LOG.info("published the agent's release manifest");
                }
            }
        }
    }

    private static String jwtSecret(LocalSettings settings) throws java.io.IOException {
        String fromEnvironment = System.getenv("PATCHMON_JWT_SECRET");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : LocalSecrets.jwtSecret(settings.dataDir());
    }

    private static String dataKey(LocalSettings settings) throws java.io.IOException {
        String fromEnvironment = System.getenv("PATCHMON_DATA_KEY");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : LocalSecrets.dataKey(settings.dataDir());
    }

    private static void provisionTables(EmbeddedDynamoDb dynamo) {
        StorageSettings settings = new StorageSettings(TABLE, Optional.of(dynamo.endpoint()), "us-east-1");
        try (DynamoDbClient client = DynamoDbClients.create(settings, new CapacityMeter(), Map.of())) {
            if (new TableProvisioner(client).ensure(TableDesign.mainTable(TABLE))) {
                LOG.info("created table {}", TABLE);
            }
        }
    }

    private static void closeQuietly(EmbeddedDynamoDb dynamo) {
        try {
            dynamo.close();
        } catch (Exception e) {
            LOG.warn("DynamoDB Local did not stop cleanly", e);
        }
    }
}
