package cloud.patchmon.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
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
import software.constructs.Construct;

/**
 * The {@code api} Lambda (SnapStart, invoked through its live alias) behind the API Gateway REST API. Adds its
 * resources to {@code scope} directly (see {@link PatchmonStack} for why).
 */
public final class PatchmonApi {

    public static final String API_HANDLER = "cloud.patchmon.api.StreamLambdaHandler::handleRequest";
    /** The api function's environment variable naming the artifacts bucket. */
    public static final String BLOBS_BUCKET_ENV = "PATCHMON_BLOBS_BUCKET";
    /** The alias API Gateway invokes on every SnapStarted function. */
    public static final String LIVE_ALIAS = "live";

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

    private final Function apiFunction;
    private final Alias apiAlias;
    private final RestApi restApi;

    PatchmonApi(Construct scope, PatchmonData data, Path asset, String stageName) {
        // --- api function -------------------------------------------------------------------
        LogGroup apiLogs = LogGroup.Builder.create(scope, "ApiFunctionLogs")
                .retention(RetentionDays.ONE_MONTH)
                .build();

        // An explicit role instead of the default one: the default attaches
        // AWSLambdaBasicExecutionRole (logs:* on every log group); this one may write to its own
        // log group and touch the table's data, nothing else.
        Role apiRole = Role.Builder.create(scope, "ApiFunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("PatchMon api function: own log group, table data actions only")
                .build();
        apiLogs.grantWrite(apiRole);
        apiRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("TableData")
                .effect(Effect.ALLOW)
                .actions(TABLE_DATA_ACTIONS)
                .resources(List.of(data.table().getTableArn(), data.table().getTableArn() + "/index/*"))
                .build());

        // Presigned agent downloads are signed with the role's credentials, so the role reads the
        // agent binaries; ListBucket turns a missing binary into S3's 404 instead of a 403.
        apiRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("AgentBinaries")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject"))
                .resources(List.of(data.artifactsBucket().arnForObjects("agent/*")))
                .build());
        apiRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ArtifactNames")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(data.artifactsBucket().getBucketArn()))
                .build());

        apiFunction = Function.Builder.create(scope, "ApiFunction")
                .description("PatchMon REST API (Spring Boot via aws-serverless-java-container)")
                .runtime(Runtime.JAVA_17)
                // Java byte code is architecture-neutral; Graviton is ~20% cheaper per GB-s and
                // SnapStart supports it.
                .architecture(Architecture.ARM_64)
                .handler(API_HANDLER)
                .code(Code.fromAsset(asset.toString()))
                .memorySize(1536)
                // API Gateway's REST integration gives up at 29 s; running longer only costs money.
                .timeout(Duration.seconds(29))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(apiRole)
                .logGroup(apiLogs)
                .environment(Map.of(
                        "PATCHMON_TABLE", data.table().getTableName(),
                        BLOBS_BUCKET_ENV, data.artifactsBucket().getBucketName(),
                        // A {{resolve:secretsmanager:...}} dynamic reference: CloudFormation puts the
                        // value into the function's configuration at deploy time, so the role needs
                        // no secretsmanager:GetSecretValue and SnapStart restores pay no fetch.
                        // Trade-off: principals allowed lambda:GetFunctionConfiguration can read it.
                        // The alternative (fetch at init) adds a Secrets Manager call to every
                        // SnapStart restore and a GetSecretValue grant on the role.
                        // CloudFormation re-resolves it only when it updates the function resource.
                        PatchmonData.JWT_SECRET_ENV, data.jwtSecret().getSecretValue().unsafeUnwrap(),
                        // Same mechanism, same trade-off: no secretsmanager grant on the role.
                        PatchmonData.DATA_KEY_ENV, data.dataKey().getSecretValue().unsafeUnwrap(),
                        PatchmonData.ORIGIN_SECRET_ENV, data.originSecret().getSecretValue().unsafeUnwrap(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();

        // SnapStart only applies to published versions: API Gateway invokes the alias, which
        // follows currentVersion (a new version is published whenever code or config changes).
        apiAlias = Alias.Builder.create(scope, "ApiLiveAlias")
                .aliasName(LIVE_ALIAS)
                .version(apiFunction.getCurrentVersion())
                .build();

        Annotations.of(apiFunction).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: the live alias follows currentVersion");

        // --- REST API -----------------------------------------------------------------------
        LogGroup accessLogs = LogGroup.Builder.create(scope, "ApiAccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .build();

        restApi = RestApi.Builder.create(scope, "RestApi")
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
                        .stageName(stageName)
                        .throttlingRateLimit(200)
                        .throttlingBurstLimit(400)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .build();

        // The RestApi's own "Endpoint" output duplicates the stack's ApiUrl.
        restApi.getNode().tryRemoveChild("Endpoint");

        // /api/{proxy+}: the function receives the original path (/api/v1/...), never the stage.
        restApi.getRoot().addResource("api").addProxy(ProxyResourceOptions.builder()
                .anyMethod(true)
                .defaultIntegration(LambdaIntegration.Builder.create(apiAlias).proxy(true).build())
                .build());
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
}
