package cloud.patchmon.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * PatchMon Cloud in one stack, composed by concern: {@link PatchmonData} (table, artifacts bucket, keys),
 * {@link PatchmonApi} (the api function and the REST API), {@link ScheduledJobs}, {@link Realtime} (the agents' and
 * browsers' WebSocket APIs), {@link PatchmonWorkflows} (the workflow function and the state machines),
 * {@link PatchmonEvents} (the event bus) and {@link WebEdge} (the web bucket and the CloudFront distribution in front
 * of all).
 *
 * <p>The concerns add their resources to this stack directly rather than nesting them under a construct of their
 * own: a construct's id becomes part of the path of everything under it, and CDK derives from that path not only
 * logical ids (which {@code overrideLogicalId} could pin) but physical names and ids too (CloudFront function names,
 * the origin access control's name, the distribution's origin ids, the Lambda permissions of WebSocket
 * integrations), so a deployed stack would see resources replaced. Construct ids are therefore the stack-level ids
 * they always were, and renaming one replaces that resource.
 */
public class PatchmonStack extends Stack {

    /**
     * What the stack is built from.
     *
     * @param apiAsset  the {@code functions/api} Lambda zip ({@code lib/*.jar})
     * @param jobsAsset the {@code functions/jobs} Lambda zip
     * @param wsAsset   the {@code functions/ws} Lambda zip (the agents WebSocket API's authorizer and routes)
     * @param workflowAsset the {@code functions/workflow} Lambda zip (the state machines' Task states)
     * @param webDist   the built web app directory; empty (or missing) skips the upload but keeps the bucket
     * @param stageName the API Gateway stage; CloudFront hides it, so paths stay {@code /api/v1/...}
     * @param tableName the physical table name, or {@code null} to let CloudFormation generate one
     *                  (a generated name lets several stages share an account and survives
     *                  re-creating a stack whose RETAINed table still exists)
     */
    public record Settings(Path apiAsset, Path jobsAsset, Path wsAsset, Path workflowAsset, Optional<Path> webDist, String stageName, String tableName,
                           Optional<Path> agentDist) {
        public Settings {
            Objects.requireNonNull(apiAsset, "apiAsset");
            Objects.requireNonNull(jobsAsset, "jobsAsset");
            Objects.requireNonNull(wsAsset, "wsAsset");
            Objects.requireNonNull(workflowAsset, "workflowAsset");
            webDist = webDist == null ? Optional.empty() : webDist;
            agentDist = agentDist == null ? Optional.empty() : agentDist;
            stageName = stageName == null || stageName.isBlank() ? "prod" : stageName;
        }

        /** Without agent binaries: hosts get 404 from GET /hosts/agent/download until they are uploaded. */
        public Settings(Path apiAsset, Path jobsAsset, Path wsAsset, Path workflowAsset, Optional<Path> webDist, String stageName,
                        String tableName) {
            this(apiAsset, jobsAsset, wsAsset, workflowAsset, webDist, stageName, tableName, Optional.empty());
        }
    }

    private final PatchmonData data;
    private final PatchmonApi api;
    private final ScheduledJobs jobs;
    private final Realtime realtime;
    private final PatchmonWorkflows workflows;
    private final PatchmonEvents events;
    private final WebEdge edge;

    public PatchmonStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);

        data = new PatchmonData(this, settings.tableName());
        api = new PatchmonApi(this, data, settings.apiAsset(), settings.stageName());
        jobs = new ScheduledJobs(this, data.table(), settings.jobsAsset());
        realtime = new Realtime(this, data.table(), settings.wsAsset(), settings.stageName(), api.apiFunction(), jobs.function());
        workflows = new PatchmonWorkflows(this, data.table(), settings.workflowAsset(), realtime, api.apiFunction());
        events = new PatchmonEvents(this, List.of(api.apiFunction(), jobs.function(), realtime.agentsRoutes(), workflows.function()));
        edge = new WebEdge(this, data, api.restApi(), realtime, settings.stageName(), settings.webDist(), settings.agentDist());

        // --- outputs --------------------------------------------------------------------------
        CfnOutput.Builder.create(this, "WebUrl")
                .description("PatchMon web app and API (https://<this>/api/v1/...)")
                .value("https://" + edge.distribution().getDistributionDomainName())
                .build();
        CfnOutput.Builder.create(this, "ApiUrl")
                .description("API Gateway stage URL (direct, bypassing CloudFront)")
                .value(api.restApi().getUrl())
                .build();
        CfnOutput.Builder.create(this, "ArtifactsBucketName")
                .description("S3 bucket of agent binaries (agent/patchmon-agent-<os>-<arch>[.exe])")
                .value(data.artifactsBucket().getBucketName())
                .build();
        CfnOutput.Builder.create(this, "UiWebSocketUrl")
                .description("Browsers' WebSocket API stage URL (direct, bypassing CloudFront's " + Realtime.UI_WS_PATH + ")")
                .value(realtime.uiStage().getUrl())
                .build();
        CfnOutput.Builder.create(this, "AgentsWebSocketUrl")
                .description("Agents WebSocket API stage URL (direct, bypassing CloudFront's " + Realtime.AGENTS_WS_PATH + ")")
                .value(realtime.agentsStage().getUrl())
                .build();
        CfnOutput.Builder.create(this, "TableName")
                .description("DynamoDB table (PATCHMON_TABLE)")
                .value(data.table().getTableName())
                .build();
    }

    public PatchmonData data() {
        return data;
    }

    public PatchmonApi api() {
        return api;
    }

    public ScheduledJobs jobs() {
        return jobs;
    }

    public Realtime realtime() {
        return realtime;
    }

    public PatchmonWorkflows workflows() {
        return workflows;
    }

    public PatchmonEvents events() {
        return events;
    }

    public WebEdge edge() {
        return edge;
    }
}
