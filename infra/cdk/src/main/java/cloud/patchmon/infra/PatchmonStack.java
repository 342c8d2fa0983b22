package cloud.patchmon.infra;

import cloud.patchmon.core.edge.EdgeHeaders;
import cloud.patchmon.core.storage.TableDesign;
import cloud.patchmon.core.storage.TableDesign.TableSpec;
import cloud.patchmon.jobs.Jobs;
import cloud.patchmon.jobs.ScheduledJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.RestApiOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * PatchMon Cloud in one stack: the single DynamoDB table, the {@code api} Lambda behind an API
 * Gateway REST API (with its JWT signing key, its data key and the origin secret in Secrets Manager),
 * and the web app in S3 behind CloudFront, which also routes {@code /api/*} to the REST API so the
 * browser and agents use one origin, telling the api the viewer's host and address.
 */
public class PatchmonStack extends Stack {

    public static final String API_HANDLER = "cloud.patchmon.api.StreamLambdaHandler::handleRequest";
    /** The api function's environment variable naming the artifacts bucket. */
    public static final String BLOBS_BUCKET_ENV = "PATCHMON_BLOBS_BUCKET";
    public static final String JOBS_HANDLER = "cloud.patchmon.jobs.ScheduledJobsHandler::handleRequest";
    public static final String LIVE_ALIAS = "live";
    public static final String WS_AUTHORIZER_HANDLER = "cloud.patchmon.ws.AgentsAuthorizerHandler::handleRequest";
    public static final String WS_ROUTES_HANDLER = "cloud.patchmon.ws.AgentsRoutesHandler::handleRequest";
    /** The agents' WebSocket path, as AGENT-PROTOCOL.md gives it; CloudFront routes it to the agents API's stage. */
    public static final String AGENTS_WS_PATH = "/api/v1/agents/ws";
    /** The api function's environment variable naming the agents API's Management API endpoint (PostToConnection). */
    public static final String AGENTS_CALLBACK_URL_ENV = "PATCHMON_AGENTS_CALLBACK_URL";

    public static final String UI_AUTHORIZER_HANDLER = "cloud.patchmon.ws.UiAuthorizerHandler::handleRequest";
    public static final String UI_ROUTES_HANDLER = "cloud.patchmon.ws.UiRoutesHandler::handleRequest";
    /** The browsers' WebSocket path; CloudFront routes it to the ui API's stage. */
    public static final String UI_WS_PATH = "/api/v1/ws";
    /** The variable naming the ui API's Management API endpoint, for every function that pushes to browsers. */
    public static final String UI_CALLBACK_URL_ENV = "PATCHMON_UI_CALLBACK_URL";

    /** The authorizer resolves an API ID and reads its host: two GetItems. */
    public static final List<String> WS_AUTHORIZER_TABLE_ACTIONS = List.of("dynamodb:GetItem");

    /**
     * $connect puts the connection record and ends the host's grace period (a delete, a read of its down state),
     * $disconnect deletes it (conditionally) and starts one (a put), acks are puts; both push to the host's watchers
     * (a query of the channel, a batch delete of a gone browser connection).
     */
    public static final List<String> WS_ROUTES_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");

    /** The ui authorizer takes a ticket: one conditional DeleteItem returning the old item, nothing else. */
    public static final List<String> UI_AUTHORIZER_TABLE_ACTIONS = List.of("dynamodb:DeleteItem");

    /**
     * The ui routes put the connection record, read it with the user, role and host a subscription is checked
     * against, query a connection's subscriptions and write or remove them in batches.
     */
    public static final List<String> UI_ROUTES_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
            "dynamodb:BatchWriteItem");
    /** The api function's environment variable holding the JWT signing key. */
    public static final String JWT_SECRET_ENV = "PATCHMON_JWT_SECRET";
    static final int JWT_SECRET_LENGTH = 64;
    /** The api function's environment variable holding the AES-256 data key (base64). */
    public static final String DATA_KEY_ENV = "PATCHMON_DATA_KEY";
    /** 43 base64 characters carry 258 bits; the decoder keeps the first 256 = 32 bytes. */
    static final int DATA_KEY_LENGTH = 43;
    /**
     * Every printable ASCII punctuation character except {@code +} and {@code /}: what Secrets
     * Manager may still pick from is exactly the base64 alphabet {@code [A-Za-z0-9+/]}. A
     * compile-time constant, so tests can use it without loading the CDK.
     */
    static final String DATA_KEY_EXCLUDED_CHARACTERS = "!\"#$%&'()*,-.:;<=>?@[\\]^_`{|}~";
    /** The api function's environment variable holding the origin secret CloudFront sends. */
    public static final String ORIGIN_SECRET_ENV = "PATCHMON_ORIGIN_SECRET";
    static final int ORIGIN_SECRET_LENGTH = 64;

    /**
     * The DynamoDB data-plane actions the storage adapter uses. Transactions are authorised per
     * contained action (there is no TransactWriteItems IAM action), hence ConditionCheckItem.
     * No Scan, no DescribeTable (the table is provisioned here, not by the function), no admin.
     */
    public static final List<String> TABLE_DATA_ACTIONS = List.of(
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:ConditionCheckItem");

    /**
     * The jobs function reads source items and rewrites drifted aggregates: in batches, or one
     * conditional put where an operator's concurrent edit must win (repository records).
     */
    public static final List<String> JOBS_TABLE_ACTIONS = List.of(
            "dynamodb:GetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            // The host-health sweep clears a host_down with a delete that says whether it deleted.
            "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem");

    /**
     * What the stack is built from.
     *
     * @param apiAsset  the {@code functions/api} Lambda zip ({@code lib/*.jar})
     * @param jobsAsset the {@code functions/jobs} Lambda zip
     * @param wsAsset   the {@code functions/ws} Lambda zip (the agents WebSocket API's authorizer and routes)
     * @param webDist   the built web app directory; empty (or missing) skips the upload but keeps the bucket
     * @param stageName the API Gateway stage; CloudFront hides it, so paths stay {@code /api/v1/...}
     * @param tableName the physical table name, or {@code null} to let CloudFormation generate one
     *                  (a generated name lets several stages share an account and survives
     *                  re-creating a stack whose RETAINed table still exists)
     */
    public record Settings(Path apiAsset, Path jobsAsset, Path wsAsset, Optional<Path> webDist, String stageName, String tableName,
                           Optional<Path> agentDist) {
        public Settings {
            Objects.requireNonNull(apiAsset, "apiAsset");
            Objects.requireNonNull(jobsAsset, "jobsAsset");
            Objects.requireNonNull(wsAsset, "wsAsset");
            webDist = webDist == null ? Optional.empty() : webDist;
            agentDist = agentDist == null ? Optional.empty() : agentDist;
            stageName = stageName == null || stageName.isBlank() ? "prod" : stageName;
        }

        /** Without agent binaries: hosts get 404 from GET /hosts/agent/download until they are uploaded. */
        public Settings(Path apiAsset, Path jobsAsset, Path wsAsset, Optional<Path> webDist, String stageName, String tableName) {
            this(apiAsset, jobsAsset, wsAsset, webDist, stageName, tableName, Optional.empty());
        }
    }

    private final Table table;
    private final Secret jwtSecret;
    private final Secret dataKey;
    private final Function apiFunction;
    private final Function jobsFunction;
    private final Alias apiAlias;
    private final RestApi restApi;
    private final Bucket webBucket;
    private final Bucket artifactsBucket;
    private final Distribution distribution;
    private final WebSocketApi agentsApi;
    private final WebSocketStage agentsStage;
    private final WebSocketApi uiApi;
    private final WebSocketStage uiStage;

    public PatchmonStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);

        table = mainTable(settings.tableName());

        // --- JWT signing key ------------------------------------------------------------------
        // Generated by CloudFormation, never seen by whoever deploys: 64 alphanumerics (~380 bits,
        // URL- and env-safe). Every api container signs and verifies with the same value.
        // Rotating it = signing all users out (every access and refresh token becomes invalid),
        // so no rotation schedule, and RETAIN: deleting the stack or replacing the resource keeps
        // the old key (a re-created stack generates a new one under a new generated name).
        jwtSecret = Secret.Builder.create(this, "JwtSecret")
                .description("PatchMon api: JWT signing key (" + JWT_SECRET_ENV + "). Rotating it signs every user out.")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(JWT_SECRET_LENGTH)
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // --- data key (PATCHMON_DATA_KEY) -------------------------------------------------------
        // AES-256 key sealing secrets at rest (TOTP seeds); the app reads it as base64 of 32 bytes
        // (AesGcmSecretBox.fromBase64: java.util.Base64.getDecoder()). Losing or changing it makes
        // every sealed value unreadable (users re-enrol 2FA), so: RETAIN, no rotation, and never
        // change this construct's id or generator settings (either replaces the secret, and the
        // replacement's new value would reach the function while the old one sits retained).
        //
        // Secrets Manager cannot generate random bytes, and a custom resource is out (bundling,
        // Docker, more moving parts). Instead it generates the base64 text itself: 43 characters
        // drawn only from [A-Za-z0-9+/] (every other punctuation character excluded, no space,
        // and requireEachIncludedType off so no character class is forced, i.e. no bias).
        // java.util.Base64.getDecoder() needs no "=" padding and decodes 43 characters to exactly
        // 32 bytes, ignoring the last character's two low bits (it does not enforce canonical
        // encoding; PatchmonDataKeyFormatTest pins both). Entropy: 42 x 6 + 4 = 256 bits, every
        // key equally likely. The stored value is therefore unpadded and usually non-canonical
        // base64: fine for Java's basic decoder (and with "=" appended), but a strict decoder
        // (e.g. Go's Strict, Rust's base64 default) would reject it. A 44-character value with
        // "=" would need an intrinsic around the dynamic reference; unpadded keeps the env var a
        // plain reference like the JWT secret's.
        dataKey = Secret.Builder.create(this, "DataKey")
                .description("PatchMon api: AES-256 data key, unpadded base64 (" + DATA_KEY_ENV
                        + "). Seals TOTP seeds: losing or changing it makes them unreadable.")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(DATA_KEY_LENGTH)
                        .excludePunctuation(false)
                        .excludeCharacters(DATA_KEY_EXCLUDED_CHARACTERS)
                        .includeSpace(false)
                        .requireEachIncludedType(false)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // --- origin secret (PATCHMON_ORIGIN_SECRET) ---------------------------------------------
        // Proves to the api that a request came through this distribution, and so that the viewer
        // host and address the distribution forwards are CloudFront's and not the caller's words.
        // CloudFront sends it as a custom header of the API origin (overwriting a viewer-sent header
        // of that name); the function compares it with its copy. Same dynamic-reference mechanism and
        // trade-off as the JWT key, plus one: principals allowed cloudfront:GetDistributionConfig can
        // read it too. Losing it loses nothing (the next deploy hands a new value to both sides), so
        // it is deleted with the stack. A replaced value reaches the function at once but the
        // distribution only as fast as CloudFront deploys: until then the api trusts no forwarded
        // header, so allow-lists fail closed and scripts name the API Gateway host.
        Secret originSecret = Secret.Builder.create(this, "OriginSecret")
                .description("PatchMon api: proves a request came through CloudFront (" + ORIGIN_SECRET_ENV
                        + ", header " + EdgeHeaders.ORIGIN_SECRET + ")")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(ORIGIN_SECRET_LENGTH)
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        // --- artifacts (agent binaries; later reports and scan results) ------------------------
        artifactsBucket = Bucket.Builder.create(this, "ArtifactsBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                // SSE-S3: presigned GETs work without granting kms:Decrypt to every downloader's URL signer.
                .encryption(BucketEncryption.S3_MANAGED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // --- api function -------------------------------------------------------------------
        LogGroup apiLogs = LogGroup.Builder.create(this, "ApiFunctionLogs")
                .retention(RetentionDays.ONE_MONTH)
                .build();

        // An explicit role instead of the default one: the default attaches
        // AWSLambdaBasicExecutionRole (logs:* on every log group); this one may write to its own
        // log group and touch the table's data, nothing else.
        Role apiRole = Role.Builder.create(this, "ApiFunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("PatchMon api function: own log group, table data actions only")
                .build();
        apiLogs.grantWrite(apiRole);
        apiRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("TableData")
                .effect(Effect.ALLOW)
                .actions(TABLE_DATA_ACTIONS)
                .resources(List.of(table.getTableArn(), table.getTableArn() + "/index/*"))
                .build());

        // Presigned agent downloads are signed with the role's credentials, so the role reads the
        // agent binaries; ListBucket turns a missing binary into S3's 404 instead of a 403.
        apiRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("AgentBinaries")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject"))
                .resources(List.of(artifactsBucket.arnForObjects("agent/*")))
                .build());
        apiRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ArtifactNames")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(artifactsBucket.getBucketArn()))
                .build());

        apiFunction = Function.Builder.create(this, "ApiFunction")
                .description("PatchMon REST API (Spring Boot via aws-serverless-java-container)")
                .runtime(Runtime.JAVA_17)
                // Java byte code is architecture-neutral; Graviton is ~20% cheaper per GB-s and
                // SnapStart supports it.
                .architecture(Architecture.ARM_64)
                .handler(API_HANDLER)
                .code(Code.fromAsset(settings.apiAsset().toString()))
                .memorySize(1536)
                // API Gateway's REST integration gives up at 29 s; running longer only costs money.
                .timeout(Duration.seconds(29))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(apiRole)
                .logGroup(apiLogs)
                .environment(Map.of(
                        "PATCHMON_TABLE", table.getTableName(),
                        BLOBS_BUCKET_ENV, artifactsBucket.getBucketName(),
                        // A {{resolve:secretsmanager:...}} dynamic reference: CloudFormation puts the
                        // value into the function's configuration at deploy time, so the role needs
                        // no secretsmanager:GetSecretValue and SnapStart restores pay no fetch.
                        // Trade-off: principals allowed lambda:GetFunctionConfiguration can read it.
                        // The alternative (fetch at init) adds a Secrets Manager call to every
                        // SnapStart restore and a GetSecretValue grant on the role.
                        // CloudFormation re-resolves it only when it updates the function resource.
                        JWT_SECRET_ENV, jwtSecret.getSecretValue().unsafeUnwrap(),
                        // Same mechanism, same trade-off: no secretsmanager grant on the role.
                        DATA_KEY_ENV, dataKey.getSecretValue().unsafeUnwrap(),
                        ORIGIN_SECRET_ENV, originSecret.getSecretValue().unsafeUnwrap(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();

        // SnapStart only applies to published versions: API Gateway invokes the alias, which
        // follows currentVersion (a new version is published whenever code or config changes).
        apiAlias = Alias.Builder.create(this, "ApiLiveAlias")
                .aliasName(LIVE_ALIAS)
                .version(apiFunction.getCurrentVersion())
                .build();

        Annotations.of(apiFunction).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: the live alias follows currentVersion");

        jobsFunction = jobsFunction(settings.jobsAsset());

        // --- agents WebSocket API ----------------------------------------------------------------
        Alias wsAuthorizer = wsFunction("WsAuthorizer", settings.wsAsset(), WS_AUTHORIZER_HANDLER, WS_AUTHORIZER_TABLE_ACTIONS,
                "PatchMon agents WebSocket API: $connect authorizer (X-API-ID/X-API-KEY)");
        Alias wsRoutes = wsFunction("WsRoutes", settings.wsAsset(), WS_ROUTES_HANDLER, WS_ROUTES_TABLE_ACTIONS,
                "PatchMon agents WebSocket API: $connect, $disconnect, $default");
        WebSocketLambdaIntegration routes = new WebSocketLambdaIntegration("AgentsRoutes", wsRoutes);
        agentsApi = WebSocketApi.Builder.create(this, "AgentsApi")
                .apiName("patchmon-agents")
                .description("PatchMon Cloud agents WebSocket API (" + AGENTS_WS_PATH + ")")
                // Agents send {"type": ...}; every type reaches $default, where the service refuses unknown ones.
                .routeSelectionExpression("$request.body.type")
                .connectRouteOptions(WebSocketRouteOptions.builder()
                        .integration(routes)
                        // API Gateway answers 401 itself, without invoking the authorizer, when either header is missing.
                        .authorizer(new WebSocketLambdaAuthorizer("AgentCredentials", wsAuthorizer,
                                WebSocketLambdaAuthorizerProps.builder()
                                        .identitySource(List.of("route.request.header.X-API-ID", "route.request.header.X-API-KEY"))
                                        .build()))
                        .build())
                .disconnectRouteOptions(WebSocketRouteOptions.builder().integration(routes).build())
                .defaultRouteOptions(WebSocketRouteOptions.builder().integration(routes).build())
                .build();
        agentsStage = WebSocketStage.Builder.create(this, "AgentsStage")
                .webSocketApi(agentsApi)
                .stageName(settings.stageName())
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(500).burstLimit(1000).build())
                .build();
        // Only the api talks to agents' connections: PostToConnection (POST) for commands and DeleteConnection (DELETE)
        // to shut out an agent whose credentials were regenerated or whose host was deleted; nothing else (no
        // GetConnection, no other API or stage).
        apiRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("AgentConnections")
                .effect(Effect.ALLOW)
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(agentsApi.arnForExecuteApi("POST", "/@connections/*", agentsStage.getStageName()),
                        agentsApi.arnForExecuteApi("DELETE", "/@connections/*", agentsStage.getStageName())))
                .build());
        apiFunction.addEnvironment(AGENTS_CALLBACK_URL_ENV, agentsStage.getCallbackUrl());

        // --- ui WebSocket API (browsers' live updates) --------------------------------------------
        // WebSocket API authorizers have no result cache, so each one-time ticket is taken by exactly one $connect.
        Alias uiAuthorizer = wsFunction("UiAuthorizer", settings.wsAsset(), UI_AUTHORIZER_HANDLER, UI_AUTHORIZER_TABLE_ACTIONS,
                "PatchMon ui WebSocket API: $connect authorizer (one-time ticket)");
        Alias uiRoutesFunction = wsFunction("UiRoutes", settings.wsAsset(), UI_ROUTES_HANDLER, UI_ROUTES_TABLE_ACTIONS,
                "PatchMon ui WebSocket API: $connect, $disconnect, subscribe, unsubscribe, $default");
        WebSocketLambdaIntegration uiRoutes = new WebSocketLambdaIntegration("UiRoutes", uiRoutesFunction);
        uiApi = WebSocketApi.Builder.create(this, "UiApi")
                .apiName("patchmon-ui")
                .description("PatchMon Cloud browsers' WebSocket API (" + UI_WS_PATH + ")")
                .routeSelectionExpression("$request.body.type")
                .connectRouteOptions(WebSocketRouteOptions.builder()
                        .integration(uiRoutes)
                        // API Gateway answers 401 itself, without invoking the authorizer, when the ticket is missing.
                        .authorizer(new WebSocketLambdaAuthorizer("UiTicket", uiAuthorizer,
                                WebSocketLambdaAuthorizerProps.builder()
                                        .identitySource(List.of("route.request.querystring.ticket"))
                                        .build()))
                        .build())
                .disconnectRouteOptions(WebSocketRouteOptions.builder().integration(uiRoutes).build())
                .defaultRouteOptions(WebSocketRouteOptions.builder().integration(uiRoutes).build())
                .build();
        uiApi.addRoute("subscribe", WebSocketRouteOptions.builder().integration(uiRoutes).build());
        uiApi.addRoute("unsubscribe", WebSocketRouteOptions.builder().integration(uiRoutes).build());
        uiStage = WebSocketStage.Builder.create(this, "UiStage")
                .webSocketApi(uiApi)
                .stageName(settings.stageName())
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(200).burstLimit(400).build())
                .build();
        // Whoever pushes to browsers may post to this stage's connections (PostToConnection), nothing else: the api
        // (reports), the agents' routes (connects, disconnects), the ui routes (answers) and the jobs (host health).
        PolicyStatement browserPush = PolicyStatement.Builder.create()
                .sid("BrowserConnections")
                .effect(Effect.ALLOW)
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(uiApi.arnForExecuteApi("POST", "/@connections/*", uiStage.getStageName())))
                .build();
        apiRole.addToPolicy(browserPush);
        apiFunction.addEnvironment(UI_CALLBACK_URL_ENV, uiStage.getCallbackUrl());
        for (Alias pusher : List.of(wsRoutes, uiRoutesFunction)) {
            Function function = (Function) pusher.getVersion().getLambda();
            function.addToRolePolicy(browserPush);
            function.addEnvironment(UI_CALLBACK_URL_ENV, uiStage.getCallbackUrl());
        }
        jobsFunction.addToRolePolicy(browserPush);
        jobsFunction.addEnvironment(UI_CALLBACK_URL_ENV, uiStage.getCallbackUrl());

        // --- REST API -----------------------------------------------------------------------
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .build();

        restApi = RestApi.Builder.create(this, "RestApi")
                .restApiName("patchmon-api")
                .description("PatchMon Cloud REST API (/api/v1/...)")
                // CloudFront sits in front; an edge-optimised endpoint would add a second CloudFront hop.
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // Agent downloads, report files and compressed uploads are binary: API Gateway
                // passes every body base64-encoded, aws-serverless-java-container decodes requests
                // and encodes binary responses.
                .binaryMediaTypes(List.of("*/*"))
                // Access logging needs the account-level CloudWatch role for API Gateway.
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName(settings.stageName())
                        .throttlingRateLimit(200)
                        .throttlingBurstLimit(400)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .build();

        // The RestApi's own "Endpoint" output duplicates ApiUrl below.
        restApi.getNode().tryRemoveChild("Endpoint");

        // /api/{proxy+}: the function receives the original path (/api/v1/...), never the stage.
        restApi.getRoot().addResource("api").addProxy(ProxyResourceOptions.builder()
                .anyMethod(true)
                .defaultIntegration(LambdaIntegration.Builder.create(apiAlias).proxy(true).build())
                .build());

        // --- web ----------------------------------------------------------------------------
        webBucket = Bucket.Builder.create(this, "WebBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                // SSE-S3: CloudFront's OAC reads it without a KMS key policy.
                .encryption(BucketEncryption.S3_MANAGED)
                .autoDeleteObjects(false)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // SPA fallback scoped to the default behaviour: distribution-wide custom error responses
        // would also rewrite the API's 403/404 answers into index.html with 200.
        software.amazon.awscdk.services.cloudfront.Function spaRewrite =
                software.amazon.awscdk.services.cloudfront.Function.Builder.create(this, "SpaRewrite")
                        .comment("Serve index.html for client-side routes (paths without a file extension)")
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(SPA_REWRITE_JS))
                        .build();

        // Tells the api the viewer's host and address (see EdgeHeaders). Neither is otherwise
        // knowable there: CloudFront sends API Gateway its own Host, and API Gateway's source IP is
        // the edge server. The function overwrites both headers, so a viewer cannot pre-set them.
        software.amazon.awscdk.services.cloudfront.Function apiViewerHeaders =
                software.amazon.awscdk.services.cloudfront.Function.Builder.create(this, "ApiViewerHeaders")
                        .comment("Copy the viewer's Host and IP address into headers the api trusts behind the origin secret")
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(API_VIEWER_HEADERS_JS))
                        .build();

        distribution = Distribution.Builder.create(this, "WebDistribution")
                .comment("PatchMon Cloud: web app and /api")
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(webBucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(ResponseHeadersPolicy.SECURITY_HEADERS)
                        .compress(true)
                        .functionAssociations(List.of(FunctionAssociation.builder()
                                .eventType(FunctionEventType.VIEWER_REQUEST)
                                .function(spaRewrite)
                                .build()))
                        .build())
                .additionalBehaviors(behaviours(webSocketBehaviour("AgentsWsPath", AGENTS_WS_PATH, agentsApi, settings.stageName()),
                        webSocketBehaviour("UiWsPath", UI_WS_PATH, uiApi, settings.stageName()), BehaviorOptions.builder()
                        // The origin path is the stage, so /api/v1/x reaches API Gateway as /{stage}/api/v1/x.
                        .origin(RestApiOrigin.Builder.create(restApi)
                                .customHeaders(Map.of(EdgeHeaders.ORIGIN_SECRET, originSecret.getSecretValue().unsafeUnwrap()))
                                .build())
                        // HTTPS only, never a redirect: agents must not send credentials in the clear,
                        // and the api writes https:// into scripts for requests that came this way.
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        // All viewer headers (Authorization, X-API-ID/KEY, and those the function
                        // sets), cookies and query strings; not Host, which API Gateway needs to be its
                        // own. A custom policy would have to rebuild exactly this: Authorization cannot
                        // be listed by name, and the allViewer behaviours forward Host (API Gateway
                        // then answers 403).
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .functionAssociations(List.of(FunctionAssociation.builder()
                                .eventType(FunctionEventType.VIEWER_REQUEST)
                                .function(apiViewerHeaders)
                                .build()))
                        .compress(true)
                        .build()))
                .build();

        settings.webDist().filter(Files::isDirectory).ifPresent(dist ->
                BucketDeployment.Builder.create(this, "WebDeployment")
                        .sources(List.of(Source.asset(dist.toString())))
                        .destinationBucket(webBucket)
                        .distribution(distribution)
                        .distributionPaths(List.of("/*"))
                        // Keep the previous build's content-hashed assets: open browsers still
                        // lazy-load chunks named by the index.html they loaded.
                        .prune(false)
                        .memoryLimit(512)
                        .build());

        // The agent binaries (agent/target/dist/agent/*) under agent/, where GET /hosts/agent/download presigns them.
        // No pruning: binaries published by other means (a Windows build) stay.
        settings.agentDist().filter(Files::isDirectory).ifPresent(dist ->
                BucketDeployment.Builder.create(this, "AgentDeployment")
                        .sources(List.of(Source.asset(dist.toString())))
                        .destinationBucket(artifactsBucket)
                        .destinationKeyPrefix("agent/")
                        .prune(false)
                        .memoryLimit(512)
                        .build());

        // --- outputs --------------------------------------------------------------------------
        CfnOutput.Builder.create(this, "WebUrl")
                .description("PatchMon web app and API (https://<this>/api/v1/...)")
                .value("https://" + distribution.getDistributionDomainName())
                .build();
        CfnOutput.Builder.create(this, "ApiUrl")
                .description("API Gateway stage URL (direct, bypassing CloudFront)")
                .value(restApi.getUrl())
                .build();
        CfnOutput.Builder.create(this, "ArtifactsBucketName")
                .description("S3 bucket of agent binaries (agent/patchmon-agent-<os>-<arch>[.exe])")
                .value(artifactsBucket.getBucketName())
                .build();
        CfnOutput.Builder.create(this, "UiWebSocketUrl")
                .description("Browsers' WebSocket API stage URL (direct, bypassing CloudFront's " + UI_WS_PATH + ")")
                .value(uiStage.getUrl())
                .build();
        CfnOutput.Builder.create(this, "AgentsWebSocketUrl")
                .description("Agents WebSocket API stage URL (direct, bypassing CloudFront's " + AGENTS_WS_PATH + ")")
                .value(agentsStage.getUrl())
                .build();
        CfnOutput.Builder.create(this, "TableName")
                .description("DynamoDB table (PATCHMON_TABLE)")
                .value(table.getTableName())
                .build();
    }

    /**
     * The {@code jobs} function and one EventBridge Scheduler schedule per job of
     * {@link Jobs#schedules()}, invoking it with {@code {"job": name}}. Rare, short runs: no
     * SnapStart (a published version per deploy buys nothing for one invocation a day).
     */
    private Function jobsFunction(Path asset) {
        LogGroup logs = LogGroup.Builder.create(this, "JobsFunctionLogs")
                .retention(RetentionDays.ONE_MONTH)
                .build();
        Role role = Role.Builder.create(this, "JobsFunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("PatchMon jobs function: own log group, reading source items and rewriting aggregates")
                .build();
        logs.grantWrite(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("TableData")
                .effect(Effect.ALLOW)
                .actions(JOBS_TABLE_ACTIONS)
                .resources(List.of(table.getTableArn()))
                .build());
        Function function = Function.Builder.create(this, "JobsFunction")
                .description("PatchMon scheduled jobs (drift correction)")
                .runtime(Runtime.JAVA_17)
                .architecture(Architecture.ARM_64)
                .handler(JOBS_HANDLER)
                .code(Code.fromAsset(asset.toString()))
                .memorySize(1024)
                // A recount reads every host's package items of every tenant; Lambda's maximum.
                .timeout(Duration.minutes(15))
                .role(role)
                .logGroup(logs)
                .environment(Map.of(
                        "PATCHMON_TABLE", table.getTableName(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();
        for (ScheduledJob job : Jobs.schedules()) {
            software.amazon.awscdk.services.scheduler.Schedule.Builder.create(this, "Schedule-" + job.name())
                    .description(job.description())
                    .schedule(ScheduleExpression.expression(job.schedule()))
                    .target(LambdaInvoke.Builder.create(function)
                            .input(ScheduleTargetInput.fromObject(Map.of("job", job.name())))
                            .retryAttempts(2)
                            .build())
                    .build();
        }
        return function;
    }

    /**
     * A function of the {@code ws} package: its own role (own log group, the given item actions, nothing else), no VPC.
     * SnapStart on a published version behind a live alias, as for the api: after a deploy every agent redials within
     * two hours, and each cold authorizer would otherwise add its JVM start to a connect.
     */
    private Alias wsFunction(String id, Path asset, String handler, List<String> tableActions, String description) {
        LogGroup logs = LogGroup.Builder.create(this, id + "FunctionLogs")
                .retention(RetentionDays.ONE_MONTH)
                .build();
        Role role = Role.Builder.create(this, id + "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description + ": own log group, " + String.join(", ", tableActions))
                .build();
        logs.grantWrite(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("TableData")
                .effect(Effect.ALLOW)
                .actions(tableActions)
                .resources(List.of(table.getTableArn()))
                .build());
        Function function = Function.Builder.create(this, id + "Function")
                .description(description)
                .runtime(Runtime.JAVA_17)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(Code.fromAsset(asset.toString()))
                .memorySize(1024)
                // API Gateway's integration timeout is 29 s; a handler here does one or two item operations.
                .timeout(Duration.seconds(10))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logs)
                .environment(Map.of(
                        "PATCHMON_TABLE", table.getTableName(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: API Gateway invokes the live alias, which follows currentVersion");
        return Alias.Builder.create(this, id + "LiveAlias")
                .aliasName(LIVE_ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    /**
     * {@code /api/v1/agents/ws} on the distribution, so agents dial {@code wss://<web host>/api/v1/agents/ws} exactly as
     * AGENT-PROTOCOL.md says, and {@code /api/v1/ws} for browsers (same origin as the app). CloudFront passes WebSocket
     * upgrades to any origin. A WebSocket API answers only on its stage path, so the viewer-request function rewrites
     * the path to {@code /<stage>} (an origin path alone would append the viewer's path to it); the query string (the
     * browsers' ticket) stays. All viewer headers but Host go on (the agents' two credential headers and the
     * Sec-WebSocket-* handshake); nothing is cached. The stages' own URLs (outputs) work too.
     */
    private BehaviorOptions webSocketBehaviour(String id, String path, WebSocketApi api, String stageName) {
        software.amazon.awscdk.services.cloudfront.Function toStage =
                software.amazon.awscdk.services.cloudfront.Function.Builder.create(this, id)
                        .comment("Route " + path + " to the " + api.getNode().getId() + " WebSocket API's stage")
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(agentsWsPathJs(stageName)))
                        .build();
        String apiHost = Fn.select(2, Fn.split("/", api.getApiEndpoint()));
        return BehaviorOptions.builder()
                .origin(HttpOrigin.Builder.create(apiHost)
                        .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                        .build())
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                .functionAssociations(List.of(FunctionAssociation.builder()
                        .eventType(FunctionEventType.VIEWER_REQUEST)
                        .function(toStage)
                        .build()))
                .build();
    }

    static String agentsWsPathJs(String stageName) {
        return String.join("\n",
                "function handler(event) {",
                "  var request = event.request;",
                "  request.uri = '/" + stageName + "';",
                "  return request;",
                "}");
    }

    /** CloudFront matches behaviours in order: the WebSocket paths must come before {@code /api/*}. */
    private static Map<String, BehaviorOptions> behaviours(BehaviorOptions agentsWebSocket, BehaviorOptions uiWebSocket, BehaviorOptions api) {
        Map<String, BehaviorOptions> ordered = new LinkedHashMap<>();
        ordered.put(AGENTS_WS_PATH, agentsWebSocket);
        ordered.put(UI_WS_PATH, uiWebSocket);
        ordered.put("/api/*", api);
        return ordered;
    }

    /** Built from {@link TableDesign#mainTable}, the spec the adapter and the local provisioner use. */
    private Table mainTable(String tableName) {
        TableSpec spec = TableDesign.mainTable(tableName == null ? TableDesign.DEFAULT_TABLE_NAME : tableName);
        Table.Builder builder = Table.Builder.create(this, "MainTable")
                .partitionKey(stringKey(spec.partitionKey()))
                .sortKey(stringKey(spec.sortKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(spec.ttlAttribute())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                // AWS-owned-by-account key (aws/dynamodb): KMS encryption at rest with CloudTrail
                // audit, no monthly key cost and no kms:Decrypt grants on every function role.
                // Secrets the server must read back are envelope-encrypted with the app's own
                // KMS key at field level, so a customer-managed table key would add cost, not
                // protection.
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN);
        if (tableName != null) {
            builder.tableName(spec.tableName());
        }
        Table result = builder.build();
        for (TableDesign.Index index : spec.indexes()) {
            result.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName(index.indexName())
                    .partitionKey(stringKey(index.partitionAttribute()))
                    .sortKey(stringKey(index.sortAttribute()))
                    .projectionType(ProjectionType.ALL)
                    .build());
        }
        return result;
    }

    private static Attribute stringKey(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    static final String SPA_REWRITE_JS = String.join("\n",
            "function handler(event) {",
            "  var request = event.request;",
            "  var uri = request.uri;",
            "  var last = uri.substring(uri.lastIndexOf('/') + 1);",
            "  if (last.indexOf('.') === -1) {",
            "    request.uri = '/index.html';",
            "  }",
            "  return request;",
            "}");

    /**
     * The viewer-request function of {@code /api/*}. {@code event.viewer.ip} is the address of the
     * TCP connection CloudFront accepted, never a header. It may not set {@code X-Forwarded-Proto}
     * (a disallowed header for edge functions: CloudFront would answer 502), nor does it need to:
     * the behaviour is HTTPS only. A request without Host has its forwarded host removed rather
     * than left as the viewer wrote it.
     */
    static final String API_VIEWER_HEADERS_JS = String.join("\n",
            "function handler(event) {",
            "  var request = event.request;",
            "  var headers = request.headers;",
            "  if (headers.host) {",
            "    headers['" + EdgeHeaders.FORWARDED_HOST.toLowerCase(Locale.ROOT) + "'] = {value: headers.host.value};",
            "  } else {",
            "    delete headers['" + EdgeHeaders.FORWARDED_HOST.toLowerCase(Locale.ROOT) + "'];",
            "  }",
            "  headers['" + EdgeHeaders.VIEWER_ADDRESS.toLowerCase(Locale.ROOT) + "'] = {value: event.viewer.ip};",
            "  return request;",
            "}");

    public Table table() {
        return table;
    }

    public Secret jwtSecret() {
        return jwtSecret;
    }

    public Secret dataKey() {
        return dataKey;
    }

    public Function apiFunction() {
        return apiFunction;
    }

    public Alias apiAlias() {
        return apiAlias;
    }

    public RestApi restApi() {
        return restApi;
    }

    public Bucket webBucket() {
        return webBucket;
    }

    public WebSocketApi agentsApi() {
        return agentsApi;
    }

    public WebSocketStage agentsStage() {
        return agentsStage;
    }

    public WebSocketApi uiApi() {
        return uiApi;
    }

    public WebSocketStage uiStage() {
        return uiStage;
    }

    public Distribution distribution() {
        return distribution;
    }
}
