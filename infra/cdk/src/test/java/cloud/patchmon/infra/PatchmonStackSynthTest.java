package cloud.patchmon.infra;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.patchmon.core.edge.EdgeHeaders;
import cloud.patchmon.core.storage.TableDesign;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesises the stack once (jsii start-up dominates) and asserts the resources, the wiring
 * between them and least-privilege IAM. Uses a stand-in Lambda zip and web build from a temp
 * directory, never the real functions/api artifact.
 */
class PatchmonStackSynthTest {

    private static final String TABLE_NAME = "patchmon-synth-test";
    private static final String DATA_KEY_LOGICAL_ID = "DataKey17AFBB84";

    @TempDir
    static Path tmp;

    private static PatchmonStack stack;
    private static Template template;
    private static String tableId;
    private static String functionId;
    private static String roleId;
    private static String jwtSecretId;
    private static String dataKeyId;
    private static String originSecretId;

    @BeforeAll
    static void synth() throws IOException {
        Path webDist = Files.createDirectories(tmp.resolve("dist"));
        Files.writeString(webDist.resolve("index.html"), "<!doctype html><title>PatchMon</title>");
        stack = stack(new PatchmonStack.Settings(apiZip(), apiZip(), apiZip(), Optional.of(webDist), "prod", TABLE_NAME));
        template = Template.fromStack(stack);

        tableId = onlyId("AWS::DynamoDB::Table");
        functionId = onlyId("AWS::Lambda::Function", Map.of("Properties",
                Map.of("Handler", PatchmonStack.API_HANDLER)));
        roleId = roleLogicalId();
        jwtSecretId = onlyId("AWS::SecretsManager::Secret", Map.of("Properties", Map.of(
                "GenerateSecretString", Map.of("PasswordLength", PatchmonStack.JWT_SECRET_LENGTH))), "JwtSecret");
        dataKeyId = onlyId("AWS::SecretsManager::Secret", Map.of("Properties", Map.of(
                "GenerateSecretString", Map.of("PasswordLength", PatchmonStack.DATA_KEY_LENGTH))));
        originSecretId = onlyId("AWS::SecretsManager::Secret", Map.of(), "OriginSecret");
    }

    @Test
    void synthesisesWithoutWarningsOrErrors() {
        Annotations annotations = Annotations.fromStack(stack);
        annotations.hasNoError("*", Match.anyValue());
        annotations.hasNoWarning("*", Match.anyValue());
    }

    // --- DynamoDB -----------------------------------------------------------------------------

    @Test
    void tableFollowsTheSharedTableDesign() {
        var spec = TableDesign.mainTable(TABLE_NAME);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", TABLE_NAME,
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(
                        Map.of("AttributeName", spec.partitionKey(), "KeyType", "HASH"),
                        Map.of("AttributeName", spec.sortKey(), "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", spec.ttlAttribute(), "Enabled", true),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Match.objectLike(Map.of("SSEEnabled", true))));

        Capture indexes = new Capture();
        Capture attributes = new Capture();
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "GlobalSecondaryIndexes", indexes, "AttributeDefinitions", attributes));
        assertThat(indexes.asArray()).containsExactlyInAnyOrder(
                spec.indexes().stream().map(index -> (Object) Map.of(
                        "IndexName", index.indexName(),
                        "KeySchema", List.of(
                                Map.of("AttributeName", index.partitionAttribute(), "KeyType", "HASH"),
                                Map.of("AttributeName", index.sortAttribute(), "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL"))).toArray());
        List<Map<?, ?>> definitions = attributes.asArray().stream().<Map<?, ?>>map(a -> (Map<?, ?>) a).toList();
        assertThat(definitions).as("every key attribute is a string")
                .allSatisfy(a -> assertThat(a.get("AttributeType")).isEqualTo("S"));
        assertThat(definitions.stream().map(a -> String.valueOf(a.get("AttributeName"))).toList())
                .containsExactlyInAnyOrder("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK");
    }

    @Test
    void tableIsRetained() {
        template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
    }

    // --- api function ---------------------------------------------------------------------------

    @Test
    void apiFunctionIsJava17WithSnapStartAndTheTable() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "java17",
                "Handler", "cloud.patchmon.api.StreamLambdaHandler::handleRequest",
                "Timeout", 29,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "Environment", Map.of("Variables", Map.of(
                        "PATCHMON_TABLE", Map.of("Ref", tableId),
                        "PATCHMON_JWT_SECRET", Match.anyValue(),
                        "PATCHMON_DATA_KEY", Match.anyValue(),
                        "PATCHMON_ORIGIN_SECRET", Match.anyValue(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))));
        Map<?, ?> props = properties("AWS::Lambda::Function", functionId);
        assertThat(keys(environment())).as("the optional auth settings keep their in-code defaults")
                .containsExactlyInAnyOrder("PATCHMON_TABLE", "PATCHMON_JWT_SECRET", "PATCHMON_DATA_KEY",
                        "PATCHMON_ORIGIN_SECRET", "PATCHMON_BLOBS_BUCKET", PatchmonStack.AGENTS_CALLBACK_URL_ENV,
                        PatchmonStack.UI_CALLBACK_URL_ENV, "JAVA_TOOL_OPTIONS");
        assertThat(((Number) props.get("MemorySize")).intValue()).isGreaterThanOrEqualTo(1024);
        assertThat(props.get("LoggingConfig")).asString().contains("LogGroup");
    }

    // --- JWT signing key -------------------------------------------------------------------------

    @Test
    void jwtSecretIsGeneratedByCloudFormationAndRetained() {
        template.resourceCountIs("AWS::SecretsManager::Secret", 3);
        template.hasResource("AWS::SecretsManager::Secret", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "GenerateSecretString", Map.of("PasswordLength", 64, "ExcludePunctuation", true)))));
        Map<?, ?> secret = properties("AWS::SecretsManager::Secret", jwtSecretId);
        assertThat(secret.get("SecretString")).as("no value in the template").isNull();
        assertThat(secret.get("Name")).as("generated, so stages can share an account").isNull();
        template.resourceCountIs("AWS::SecretsManager::RotationSchedule", 0);
    }

    @Test
    void apiFunctionGetsTheJwtSecretAsADynamicReference() {
        Object value = environment().get(PatchmonStack.JWT_SECRET_ENV);
        assertThat(value).as("a dynamic reference, never a literal").isInstanceOf(Map.class);
        String reference = joined(value);
        assertThat(reference)
                .startsWith("{{resolve:secretsmanager:")
                .contains("{Ref=" + jwtSecretId + "}")
                .doesNotContain(dataKeyId)
                .doesNotContain(originSecretId)
                .endsWith(":SecretString:::}}");
    }

    // --- data key --------------------------------------------------------------------------------

    @Test
    void dataKeyIsGeneratedFromTheBase64AlphabetAndRetained() {
        template.hasResource("AWS::SecretsManager::Secret", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "GenerateSecretString", Map.of("PasswordLength", 43)))));
        Map<?, ?> secret = properties("AWS::SecretsManager::Secret", dataKeyId);
        assertThat(secret.get("GenerateSecretString")).as("exactly these generator settings").isEqualTo(Map.of(
                "PasswordLength", 43,
                "ExcludePunctuation", false,
                "ExcludeCharacters", PatchmonStack.DATA_KEY_EXCLUDED_CHARACTERS,
                "IncludeSpace", false,
                "RequireEachIncludedType", false));
        assertThat(secret.get("SecretString")).as("no value in the template").isNull();
        assertThat(secret.get("Name")).as("generated, so stages can share an account").isNull();
        template.resourceCountIs("AWS::SecretsManager::RotationSchedule", 0);

        // What Secrets Manager may still pick from: printable ASCII without space, minus the exclusions.
        String excluded = (String) ((Map<?, ?>) secret.get("GenerateSecretString")).get("ExcludeCharacters");
        StringBuilder remaining = new StringBuilder();
        for (char c = '!'; c <= '~'; c++) {
            if (excluded.indexOf(c) < 0) {
                remaining.append(c);
            }
        }
        assertThat(remaining.toString()).as("exactly the base64 alphabet")
                .isEqualTo("+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    }

    @Test
    void dataKeyKeepsItsLogicalIdBecauseAReplacementWouldLoseEverySealedSecret() {
        // A new construct id or path means a new secret with a new value: the retained old one
        // would no longer reach the function and every TOTP seed would become unreadable.
        assertThat(dataKeyId).isEqualTo(DATA_KEY_LOGICAL_ID);
    }

    @Test
    void apiFunctionGetsTheDataKeyAsADynamicReference() {
        Object value = environment().get(PatchmonStack.DATA_KEY_ENV);
        assertThat(PatchmonStack.DATA_KEY_ENV).isEqualTo("PATCHMON_DATA_KEY");
        assertThat(value).as("a dynamic reference, never a literal").isInstanceOf(Map.class);
        assertThat(joined(value))
                .startsWith("{{resolve:secretsmanager:")
                .contains("{Ref=" + dataKeyId + "}")
                .doesNotContain(jwtSecretId)
                .endsWith(":SecretString:::}}");
    }

    @Test
    void functionLogsHaveARetention() {
        Map<?, ?> logging = (Map<?, ?>) properties("AWS::Lambda::Function", functionId).get("LoggingConfig");
        String logGroupId = (String) ((Map<?, ?>) logging.get("LogGroup")).get("Ref");
        assertThat(((Number) properties("AWS::Logs::LogGroup", logGroupId).get("RetentionInDays")).intValue())
                .isPositive();
    }

    @Test
    void apiGatewayInvokesTheLiveAliasOfAPublishedVersion() {
        String aliasId = onlyId("AWS::Lambda::Alias", Map.of(), "ApiLiveAlias");
        Map<?, ?> alias = properties("AWS::Lambda::Alias", aliasId);
        assertThat(alias.get("Name")).isEqualTo("live");
        assertThat(alias.get("FunctionName")).isEqualTo(Map.of("Ref", functionId));
        String versionId = onlyId("AWS::Lambda::Version", Map.of(), "ApiFunctionCurrentVersion");
        assertThat(alias.get("FunctionVersion")).isEqualTo(Map.of("Fn::GetAtt", List.of(versionId, "Version")));

        Capture uri = new Capture();
        template.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                "HttpMethod", "ANY",
                "Integration", Match.objectLike(Map.of("Type", "AWS_PROXY", "Uri", uri))));
        String integrationUri = json(uri.asObject());
        assertThat(integrationUri).contains("{Ref=" + aliasId + "}").doesNotContain(functionId);

        // Permissions are granted on live aliases (the api's, the ws functions'), never on an unqualified function.
        List<Object> aliases = template.findResources("AWS::Lambda::Alias").keySet().stream().<Object>map(id -> Map.of("Ref", id)).toList();
        template.findResources("AWS::Lambda::Permission").values().forEach(permission ->
                assertThat(((Map<?, ?>) permission.get("Properties")).get("FunctionName")).isIn(aliases));
        assertThat(template.findResources("AWS::Lambda::Permission").values().stream()
                .<Object>map(p -> ((Map<?, ?>) p.get("Properties")).get("FunctionName"))).contains(Map.of("Ref", aliasId));
    }

    @Test
    void apiRoutesEverythingUnderApiToTheFunctionWithThrottlingAndAccessLogs() {
        Capture parent = new Capture();
        template.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "{proxy+}", "ParentId", parent));
        String apiResourceId = (String) ((Map<?, ?>) parent.asObject()).get("Ref");
        assertThat(properties("AWS::ApiGateway::Resource", apiResourceId).get("PathPart")).isEqualTo("api");

        template.hasResourceProperties("AWS::ApiGateway::RestApi", Match.objectLike(Map.of(
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")))));
        template.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of(
                "StageName", "prod",
                "AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Match.anyValue())),
                "MethodSettings", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "HttpMethod", "*", "ResourcePath", "/*",
                        "ThrottlingRateLimit", Match.anyValue(),
                        "ThrottlingBurstLimit", Match.anyValue())))))));
    }

    // --- IAM --------------------------------------------------------------------------------------

    @Test
    void functionRoleMayOnlyUseTheTableDataActionsOnTheTableAndItsIndexes() {
        Map<?, ?> role = properties("AWS::IAM::Role", roleId);
        assertThat(role.get("ManagedPolicyArns")).as("no AWSLambdaBasicExecutionRole (logs on *)").isNull();

        List<Map<?, ?>> statements = statementsOfPoliciesAttachedTo(roleId);
        List<Map<?, ?>> dynamo = statements.stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("dynamodb:")))
                .toList();
        assertThat(dynamo).hasSize(1);
        Map<?, ?> statement = dynamo.get(0);
        assertThat(statement.get("Effect")).isEqualTo("Allow");
        assertThat(actions(statement)).containsExactlyInAnyOrder(
                "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                "dynamodb:ConditionCheckItem");
        assertThat(actions(statement)).doesNotContain("dynamodb:*", "dynamodb:Scan", "dynamodb:DescribeTable");

        assertThat(resources(statement)).containsExactlyInAnyOrder(
                Map.of("Fn::GetAtt", List.of(tableId, "Arn")),
                Map.of("Fn::Join", List.of("", List.of(Map.of("Fn::GetAtt", List.of(tableId, "Arn")), "/index/*"))));

        // Nothing the function may do targets every resource.
        assertThat(statements).allSatisfy(s -> assertThat(resources(s)).doesNotContain("*"));
        assertThat(statements).allSatisfy(s -> assertThat(actions(s)).noneMatch(a -> a.endsWith(":*")));
    }

    @Test
    void functionRoleNeedsNoSecretsManagerAccessBecauseTheSecretIsResolvedAtDeployTime() {
        assertThat(properties("AWS::IAM::Role", roleId).get("Policies")).as("no inline policies").isNull();
        List<String> roleActions = statementsOfPoliciesAttachedTo(roleId).stream()
                .flatMap(s -> actions(s).stream()).toList();
        assertThat(roleActions).noneMatch(a -> a.toLowerCase(java.util.Locale.ROOT).startsWith("secretsmanager:"))
                .doesNotContain("secretsmanager:GetSecretValue", "kms:Decrypt");
        assertThat(roleActions).as("the eight table actions, reading agent binaries, posting to agents and writing to its own log group")
                .allMatch(a -> PatchmonStack.TABLE_DATA_ACTIONS.contains(a) || a.startsWith("logs:")
                        || a.equals("s3:GetObject") || a.equals("s3:ListBucket") || a.equals("execute-api:ManageConnections"));
        template.resourceCountIs("AWS::SecretsManager::ResourcePolicy", 0);
    }

    // --- web ----------------------------------------------------------------------------------------

    @Test
    void webBucketIsPrivateEncryptedRetainedAndSslOnly() {
        template.hasResource("AWS::S3::Bucket", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "PublicAccessBlockConfiguration", Map.of(
                                "BlockPublicAcls", true, "BlockPublicPolicy", true,
                                "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                                Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
        template.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
    }

    @Test
    void cloudFrontServesTheBucketThroughOacAndTheSpaShell() {
        String oacId = onlyId("AWS::CloudFront::OriginAccessControl");
        String bucketId = onlyId("AWS::S3::Bucket", Map.of(), "WebBucket");
        Map<?, ?> config = distributionConfig();
        assertThat(config.get("DefaultRootObject")).isEqualTo("index.html");
        assertThat(config.get("CustomErrorResponses"))
                .as("distribution-wide error pages would turn the API's 403/404 into index.html 200")
                .isNull();

        List<?> origins = (List<?>) config.get("Origins");
        Map<?, ?> s3Origin = origins.stream().map(o -> (Map<?, ?>) o)
                .filter(o -> o.containsKey("S3OriginConfig")).findFirst().orElseThrow();
        assertThat(s3Origin.get("OriginAccessControlId")).isEqualTo(Map.of("Fn::GetAtt", List.of(oacId, "Id")));
        assertThat(s3Origin.get("DomainName")).isEqualTo(
                Map.of("Fn::GetAtt", List.of(bucketId, "RegionalDomainName")));
        assertThat(((Map<?, ?>) s3Origin.get("S3OriginConfig")).get("OriginAccessIdentity"))
                .as("no legacy OAI").isIn("", null);

        Map<?, ?> defaultBehavior = (Map<?, ?>) config.get("DefaultCacheBehavior");
        assertThat(defaultBehavior.get("TargetOriginId")).isEqualTo(s3Origin.get("Id"));
        assertThat(defaultBehavior.get("ViewerProtocolPolicy")).isEqualTo("redirect-to-https");
        String functionId = onlyId("AWS::CloudFront::Function", Map.of(), "SpaRewrite");
        assertThat(defaultBehavior.get("FunctionAssociations")).isEqualTo(List.of(Map.of(
                "EventType", "viewer-request",
                "FunctionARN", Map.of("Fn::GetAtt", List.of(functionId, "FunctionARN")))));

        // The bucket policy lets exactly this distribution read.
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow", "Action", "s3:GetObject",
                        "Principal", Map.of("Service", "cloudfront.amazonaws.com")))))))));
    }

    @Test
    void spaRewriteSendsClientRoutesToIndexHtmlAndLeavesFilesAlone() throws Exception {
        Map<?, ?> function = properties("AWS::CloudFront::Function", onlyId("AWS::CloudFront::Function", Map.of(), "SpaRewrite"));
        assertThat(function.get("FunctionCode")).isEqualTo(PatchmonStack.SPA_REWRITE_JS);
        assertThat(function.get("FunctionConfig")).asString().contains("cloudfront-js-2.0");
        assertThat(spaRewrite(List.of("/", "/hosts/6f1c", "/settings/users/", "/assets/index-3b1f.js", "/favicon.ico")))
                .containsExactly("/index.html", "/index.html", "/index.html", "/assets/index-3b1f.js", "/favicon.ico");
    }

    @Test
    void apiBehaviourForwardsEverythingUncachedToTheStageOfTheRestApi() {
        Map<?, ?> config = distributionConfig();
        List<?> behaviors = (List<?>) config.get("CacheBehaviors");
        assertThat(behaviors).hasSize(3);
        Map<?, ?> api = apiBehaviour();
        assertThat(api.get("PathPattern")).isEqualTo("/api/*");
        assertThat(api.get("CachePolicyId")).as("Managed-CachingDisabled")
                .isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        assertThat(api.get("OriginRequestPolicyId")).as("Managed-AllViewerExceptHostHeader")
                .isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        assertThat(api.get("ViewerProtocolPolicy")).as("the api writes https:// for requests that came this way")
                .isEqualTo("https-only");
        assertThat(asList(api.get("AllowedMethods"))).containsExactlyInAnyOrder(
                "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE");

        Map<?, ?> origin = ((List<?>) config.get("Origins")).stream().map(o -> (Map<?, ?>) o)
                .filter(o -> o.get("Id").equals(api.get("TargetOriginId"))).findFirst().orElseThrow();
        String restApiId = onlyId("AWS::ApiGateway::RestApi");
        assertThat(json(origin.get("DomainName"))).contains(restApiId);
        assertThat(json(origin.get("OriginPath"))).as("the stage, so viewers never see it")
                .contains(onlyId("AWS::ApiGateway::Stage"));
        assertThat(((Map<?, ?>) origin.get("CustomOriginConfig")).get("OriginProtocolPolicy")).isEqualTo("https-only");
    }

    // --- origin secret and viewer headers ---------------------------------------------------------

    @Test
    void originSecretIsGeneratedByCloudFormationAndDeletedWithTheStack() {
        Map<String, Object> resource = template.findResources("AWS::SecretsManager::Secret").get(originSecretId);
        assertThat(resource.get("DeletionPolicy")).as("nothing is sealed with it; a new one just works").isEqualTo("Delete");
        Map<?, ?> secret = properties("AWS::SecretsManager::Secret", originSecretId);
        assertThat(secret.get("GenerateSecretString")).isEqualTo(Map.of("PasswordLength", 64, "ExcludePunctuation", true));
        assertThat(secret.get("SecretString")).as("no value in the template").isNull();
        assertThat(secret.get("Name")).as("generated, so stages can share an account").isNull();
    }

    @Test
    void theApiOriginAndTheFunctionGetTheSameOriginSecretAsDynamicReferences() {
        assertThat(PatchmonStack.ORIGIN_SECRET_ENV).isEqualTo("PATCHMON_ORIGIN_SECRET");
        String reference = joined(environment().get(PatchmonStack.ORIGIN_SECRET_ENV));
        assertThat(reference).startsWith("{{resolve:secretsmanager:")
                .contains("{Ref=" + originSecretId + "}")
                .doesNotContain(jwtSecretId).doesNotContain(dataKeyId)
                .endsWith(":SecretString:::}}");

        List<Map<?, ?>> origins = ((List<?>) distributionConfig().get("Origins")).stream().<Map<?, ?>>map(o -> (Map<?, ?>) o).toList();
        Map<?, ?> api = origins.stream().filter(o -> o.get("Id").equals(apiBehaviour().get("TargetOriginId"))).findFirst().orElseThrow();
        List<?> headers = (List<?>) api.get("OriginCustomHeaders");
        assertThat(headers).hasSize(1);
        Map<?, ?> header = (Map<?, ?>) headers.get(0);
        assertThat(header.get("HeaderName")).isEqualTo(EdgeHeaders.ORIGIN_SECRET);
        assertThat(joined(header.get("HeaderValue"))).as("the very value the function compares with").isEqualTo(reference);

        Map<?, ?> s3 = origins.stream().filter(o -> o.containsKey("S3OriginConfig")).findFirst().orElseThrow();
        assertThat(s3.get("OriginCustomHeaders")).as("the web bucket never sees the secret").isNull();
    }

    @Test
    void theApiBehaviourRunsTheViewerHeadersFunctionOnViewerRequests() {
        Map<?, ?> api = apiBehaviour();
        String functionId = onlyId("AWS::CloudFront::Function", Map.of(), "ApiViewerHeaders");
        assertThat(api.get("FunctionAssociations")).isEqualTo(List.of(Map.of(
                "EventType", "viewer-request",
                "FunctionARN", Map.of("Fn::GetAtt", List.of(functionId, "FunctionARN")))));
        Map<?, ?> function = properties("AWS::CloudFront::Function", functionId);
        assertThat(function.get("FunctionCode")).isEqualTo(PatchmonStack.API_VIEWER_HEADERS_JS);
        assertThat(function.get("FunctionConfig")).asString().contains("cloudfront-js-2.0");
    }

    @Test
    void theViewerHeadersFunctionOverwritesWhatTheViewerClaimed() throws Exception {
        String host = EdgeHeaders.FORWARDED_HOST.toLowerCase(java.util.Locale.ROOT);
        String viewer = EdgeHeaders.VIEWER_ADDRESS.toLowerCase(java.util.Locale.ROOT);
        Map<String, String> headers = apiViewerHeaders("198.51.100.23", Map.of(
                "host", "d111111abcdef8.cloudfront.net", host, "evil.example", viewer, "10.0.0.1", "x-forwarded-for", "10.0.0.1"));
        assertThat(headers).containsEntry(host, "d111111abcdef8.cloudfront.net")
                .containsEntry(viewer, "198.51.100.23")
                .as("left for CloudFront to append to").containsEntry("x-forwarded-for", "10.0.0.1")
                .as("edge functions may not set it: CloudFront would answer 502").doesNotContainKey("x-forwarded-proto");

        Map<String, String> withoutHost = apiViewerHeaders("2001:db8::7", Map.of(host, "evil.example"));
        assertThat(withoutHost).as("never the viewer's own word").doesNotContainKey(host)
                .containsEntry(viewer, "2001:db8::7");
    }

    @Test
    void webBuildIsDeployedAndInvalidated() {
        template.resourceCountIs("Custom::CDKBucketDeployment", 1);
        template.hasResourceProperties("Custom::CDKBucketDeployment", Match.objectLike(Map.of(
                "DestinationBucketName", Map.of("Ref", onlyId("AWS::S3::Bucket", Map.of(), "WebBucket")),
                "DistributionId", Map.of("Ref", onlyId("AWS::CloudFront::Distribution")),
                "DistributionPaths", List.of("/*"))));
    }

    @Test
    void outputsNameTheWebUrlTheApiUrlAndTheTable() {
        Map<String, Map<String, Object>> outputs = template.findOutputs("*");
        assertThat(outputs.keySet()).containsExactlyInAnyOrder("WebUrl", "ApiUrl", "TableName", "ArtifactsBucketName", "AgentsWebSocketUrl",
                "UiWebSocketUrl");
        assertThat(json(outputs.get("AgentsWebSocketUrl").get("Value"))).contains("wss://").contains(agentsApiId());
        assertThat(json(outputs.get("UiWebSocketUrl").get("Value"))).contains("wss://").contains(uiApiId());
        assertThat(outputs.get("TableName").get("Value")).isEqualTo(Map.of("Ref", tableId));
        assertThat(json(outputs.get("WebUrl").get("Value"))).contains("https://")
                .contains(onlyId("AWS::CloudFront::Distribution"));
    }

    // --- artifacts --------------------------------------------------------------------------------

    @Test
    void apiReadsAgentBinariesFromAPrivateRetainedArtifactsBucketAndNothingElseInS3() {
        String bucketId = onlyId("AWS::S3::Bucket", Map.of("Properties", Map.of("BucketEncryption", Match.anyValue()),
                "DeletionPolicy", "Retain"), "ArtifactsBucket");
        Map<?, ?> bucket = properties("AWS::S3::Bucket", bucketId);
        assertThat(bucket.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(json(environment().get("PATCHMON_BLOBS_BUCKET"))).contains(bucketId);

        List<Map<?, ?>> s3 = statementsOfPoliciesAttachedTo(roleId).stream()
                .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("s3:"))).toList();
        assertThat(s3).hasSize(2);
        Map<?, ?> read = s3.stream().filter(st -> actions(st).contains("s3:GetObject")).findFirst().orElseThrow();
        assertThat(actions(read)).containsExactly("s3:GetObject");
        assertThat(json(resources(read))).contains(bucketId).contains("/agent/*");
        Map<?, ?> list = s3.stream().filter(st -> actions(st).contains("s3:ListBucket")).findFirst().orElseThrow();
        assertThat(actions(list)).containsExactly("s3:ListBucket");
        assertThat(resources(list)).containsExactly(Map.of("Fn::GetAtt", List.of(bucketId, "Arn")));
        assertThat(statementsOfPoliciesAttachedTo(roleId).stream().flatMap(st -> actions(st).stream()))
                .noneMatch(a -> a.equals("s3:PutObject") || a.equals("s3:DeleteObject"));
    }

    // --- scheduled jobs ---------------------------------------------------------------------------

    @Test
    void jobsFunctionRunsTheJobsHandlerWithTheTableAndLambdasLongestTimeout() {
        String jobsId = onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", PatchmonStack.JOBS_HANDLER)));
        Map<?, ?> props = properties("AWS::Lambda::Function", jobsId);
        assertThat(props.get("Runtime")).isEqualTo("java17");
        assertThat(((Number) props.get("Timeout")).intValue()).isEqualTo(900);
        assertThat(json(props.get("Environment"))).contains("PATCHMON_TABLE").contains(tableId)
                .doesNotContain("PATCHMON_JWT_SECRET").doesNotContain("PATCHMON_DATA_KEY").doesNotContain("PATCHMON_ORIGIN_SECRET");
    }

    @Test
    void jobsRoleMayOnlyReadAndWriteItemsOnTheTableAndPushToBrowsers() {
        String jobsId = onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", PatchmonStack.JOBS_HANDLER)));
        Object role = properties("AWS::Lambda::Function", jobsId).get("Role");
        String jobsRole = (String) ((List<?>) ((Map<?, ?>) role).get("Fn::GetAtt")).get(0);
        assertThat(jobsRole).isNotEqualTo(roleId);
        List<Map<?, ?>> statements = statementsOfPoliciesAttachedTo(jobsRole);
        List<Map<?, ?>> dynamo = statements.stream().filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
        assertThat(dynamo).singleElement().satisfies(statement -> {
            assertThat(actions(statement)).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem");
            assertThat(resources(statement)).containsExactly(Map.of("Fn::GetAtt", List.of(tableId, "Arn")));
        });
        assertThat(statements).allSatisfy(s -> assertThat(resources(s)).doesNotContain("*"));
        assertThat(statements.stream().flatMap(s -> actions(s).stream()))
                .allMatch(a -> PatchmonStack.JOBS_TABLE_ACTIONS.contains(a) || a.startsWith("logs:") || a.equals("execute-api:ManageConnections"));
        Map<?, ?> jobsEnvironment = (Map<?, ?>) ((Map<?, ?>) properties("AWS::Lambda::Function", jobsId).get("Environment")).get("Variables");
        assertThat(joined(jobsEnvironment.get(PatchmonStack.UI_CALLBACK_URL_ENV))).contains(uiApiId()).endsWith("/prod");
    }

    @Test
    void everyCataloguedJobHasAScheduleInvokingTheJobsFunctionWithItsName() {
        String jobsId = onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", PatchmonStack.JOBS_HANDLER)));
        Map<String, Map<String, Object>> schedules = template.findResources("AWS::Scheduler::Schedule");
        assertThat(schedules).hasSize(cloud.patchmon.jobs.Jobs.schedules().size());
        for (cloud.patchmon.jobs.ScheduledJob job : cloud.patchmon.jobs.Jobs.schedules()) {
            template.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                    "ScheduleExpression", job.schedule(),
                    "Target", Match.objectLike(Map.of(
                            "Arn", Map.of("Fn::GetAtt", List.of(jobsId, "Arn")),
                            "Input", "{\"job\":\"" + job.name() + "\"}",
                            "RetryPolicy", Match.objectLike(Map.of("MaximumRetryAttempts", 2)))))));
        }
        // The scheduler's role may invoke the jobs function and nothing else.
        for (Map<String, Object> schedule : schedules.values()) {
            Object roleArn = ((Map<?, ?>) ((Map<?, ?>) schedule.get("Properties")).get("Target")).get("RoleArn");
            String schedulerRole = (String) ((List<?>) ((Map<?, ?>) roleArn).get("Fn::GetAtt")).get(0);
            List<Map<?, ?>> statements = statementsOfPoliciesAttachedTo(schedulerRole);
            assertThat(statements).isNotEmpty().allSatisfy(st -> {
                assertThat(actions(st)).containsExactly("lambda:InvokeFunction");
                assertThat(json(resources(st))).contains(jobsId).doesNotContain(functionId);
            });
        }
    }

    // --- agents WebSocket API -------------------------------------------------------------------

    @Test
    void agentsApiSelectsRoutesByBodyTypeAndAuthorisesOnlyConnectWithBothCredentialHeaders() {
        String apiId = agentsApiId();
        Map<?, ?> api = properties("AWS::ApiGatewayV2::Api", apiId);
        assertThat(api.get("ProtocolType")).isEqualTo("WEBSOCKET");
        assertThat(api.get("RouteSelectionExpression")).isEqualTo("$request.body.type");

        Map<String, Map<?, ?>> routes = routesOf(apiId);
        assertThat(routes).containsOnlyKeys("$connect", "$disconnect", "$default");
        String authorizerId = onlyId("AWS::ApiGatewayV2::Authorizer", Map.of("Properties", Map.of("ApiId", Map.of("Ref", apiId))));
        assertThat(routes.get("$connect").get("AuthorizationType")).isEqualTo("CUSTOM");
        assertThat(routes.get("$connect").get("AuthorizerId")).isEqualTo(Map.of("Ref", authorizerId));
        assertThat(routes.get("$disconnect").get("AuthorizationType")).isIn(null, "NONE");
        assertThat(routes.get("$default").get("AuthorizationType")).isIn(null, "NONE");

        Map<?, ?> authorizer = properties("AWS::ApiGatewayV2::Authorizer", authorizerId);
        assertThat(authorizer.get("AuthorizerType")).isEqualTo("REQUEST");
        assertThat(authorizer.get("IdentitySource")).isEqualTo(List.of("route.request.header.X-API-ID", "route.request.header.X-API-KEY"));
        String authorizerFunction = onlyFunctionIdWithHandler(PatchmonStack.WS_AUTHORIZER_HANDLER);
        String authorizerAlias = onlyId("AWS::Lambda::Alias", Map.of(), "WsAuthorizerLiveAlias");
        assertThat(json(authorizer.get("AuthorizerUri"))).contains(authorizerAlias);
        assertThat(json(properties("AWS::Lambda::Alias", authorizerAlias).get("FunctionName"))).contains(authorizerFunction);

        // Every route reaches the routes function's live alias, and it is SnapStarted.
        String routesFunction = onlyFunctionIdWithHandler(PatchmonStack.WS_ROUTES_HANDLER);
        String routesAlias = onlyId("AWS::Lambda::Alias", Map.of(), "WsRoutesLiveAlias");
        template.findResources("AWS::ApiGatewayV2::Integration", Map.of("Properties", Map.of("ApiId", Map.of("Ref", apiId)))).values().forEach(i ->
                assertThat(json(((Map<?, ?>) i.get("Properties")).get("IntegrationUri"))).contains(routesAlias));
        assertThat(properties("AWS::Lambda::Function", routesFunction).get("SnapStart"))
                .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(properties("AWS::ApiGatewayV2::Stage", onlyId("AWS::ApiGatewayV2::Stage", Map.of(), "AgentsStage")).get("StageName")).isEqualTo("prod");
    }

    @Test
    void uiApiRoutesSubscribeAndUnsubscribeByTypeAndAuthorisesConnectWithTheTicketInTheQueryString() {
        String apiId = uiApiId();
        Map<?, ?> api = properties("AWS::ApiGatewayV2::Api", apiId);
        assertThat(api.get("ProtocolType")).isEqualTo("WEBSOCKET");
        assertThat(api.get("RouteSelectionExpression")).isEqualTo("$request.body.type");
        Map<String, Map<?, ?>> routes = routesOf(apiId);
        assertThat(routes).containsOnlyKeys("$connect", "$disconnect", "$default", "subscribe", "unsubscribe");
        String authorizerId = onlyId("AWS::ApiGatewayV2::Authorizer", Map.of("Properties", Map.of("ApiId", Map.of("Ref", apiId))));
        assertThat(routes.get("$connect").get("AuthorizationType")).isEqualTo("CUSTOM");
        assertThat(routes.get("$connect").get("AuthorizerId")).isEqualTo(Map.of("Ref", authorizerId));
        routes.forEach((key, route) -> {
            if (!key.equals("$connect")) {
                assertThat(route.get("AuthorizationType")).as(key).isIn(null, "NONE");
            }
        });
        Map<?, ?> authorizer = properties("AWS::ApiGatewayV2::Authorizer", authorizerId);
        assertThat(authorizer.get("AuthorizerType")).isEqualTo("REQUEST");
        assertThat(authorizer.get("IdentitySource")).isEqualTo(List.of("route.request.querystring.ticket"));
        assertThat(json(authorizer.get("AuthorizerUri"))).contains(onlyId("AWS::Lambda::Alias", Map.of(), "UiAuthorizerLiveAlias"));
        String routesAlias = onlyId("AWS::Lambda::Alias", Map.of(), "UiRoutesLiveAlias");
        template.findResources("AWS::ApiGatewayV2::Integration", Map.of("Properties", Map.of("ApiId", Map.of("Ref", apiId)))).values().forEach(i ->
                assertThat(json(((Map<?, ?>) i.get("Properties")).get("IntegrationUri"))).contains(routesAlias));
        assertThat(properties("AWS::ApiGatewayV2::Stage", onlyId("AWS::ApiGatewayV2::Stage", Map.of(), "UiStage")).get("StageName")).isEqualTo("prod");
    }

    @Test
    void wsRolesMayOnlyTouchTheTableItemsTheirHandlersNeedAndOnlyRoutesPostToBrowsers() {
        Map<String, List<String>> expected = Map.of(
                PatchmonStack.WS_AUTHORIZER_HANDLER, List.of("dynamodb:GetItem"),
                PatchmonStack.WS_ROUTES_HANDLER, List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem",
                        "dynamodb:BatchWriteItem"),
                PatchmonStack.UI_AUTHORIZER_HANDLER, List.of("dynamodb:DeleteItem"),
                PatchmonStack.UI_ROUTES_HANDLER, List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:BatchWriteItem"));
        java.util.Set<String> pushers = java.util.Set.of(PatchmonStack.WS_ROUTES_HANDLER, PatchmonStack.UI_ROUTES_HANDLER);
        expected.forEach((handler, tableActions) -> {
            String role = roleOf(onlyFunctionIdWithHandler(handler));
            assertThat(role).isNotEqualTo(roleId);
            assertThat(properties("AWS::IAM::Role", role).get("ManagedPolicyArns")).as(handler).isNull();
            List<Map<?, ?>> statements = statementsOfPoliciesAttachedTo(role);
            List<Map<?, ?>> dynamo = statements.stream().filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
            assertThat(dynamo).as(handler).hasSize(1);
            assertThat(actions(dynamo.get(0))).as(handler).containsExactlyInAnyOrderElementsOf(tableActions);
            assertThat(resources(dynamo.get(0))).as("the table, not its indexes").containsExactly(Map.of("Fn::GetAtt", List.of(tableId, "Arn")));
            List<Map<?, ?>> pushing = statements.stream().filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("execute-api:"))).toList();
            if (pushers.contains(handler)) {
                assertThat(pushing).as(handler).singleElement().satisfies(st -> {
                    assertThat(actions(st)).containsExactly("execute-api:ManageConnections");
                    assertThat(json(resources(st))).contains(uiApiId()).doesNotContain(agentsApiId());
                });
            } else {
                assertThat(pushing).as(handler).isEmpty();
            }
            assertThat(statements).flatMap(PatchmonStackSynthTest::actions).as(handler)
                    .allMatch(a -> a.startsWith("dynamodb:") || a.startsWith("logs:") || a.equals("execute-api:ManageConnections"));
            assertThat(statements).allSatisfy(st -> assertThat(resources(st)).doesNotContain("*"));
        });
    }

    @Test
    void onlyTheApiMayPostToAndCloseTheAgentsStagesConnectionsAndItKnowsTheCallbackUrl() {
        String agentsApi = agentsApiId();
        Map<Map<?, ?>, List<Object>> manage = manageConnectionsOn(agentsApi);
        assertThat(manage).hasSize(1);
        Map.Entry<Map<?, ?>, List<Object>> statement = manage.entrySet().iterator().next();
        assertThat(actions(statement.getKey())).containsExactly("execute-api:ManageConnections");
        assertThat(statement.getValue()).containsExactly(Map.of("Ref", roleId));
        List<String> arns = resources(statement.getKey()).stream().map(PatchmonStackSynthTest::joined).toList();
        assertThat(arns).hasSize(2).allSatisfy(arn -> assertThat(arn).contains(agentsApi).doesNotContain("/*/").doesNotContain(uiApiId()));
        assertThat(arns).anySatisfy(arn -> assertThat(arn).endsWith("/prod/POST/@connections/*"))
                .anySatisfy(arn -> assertThat(arn).endsWith("/prod/DELETE/@connections/*"));

        String callback = joined(environment().get(PatchmonStack.AGENTS_CALLBACK_URL_ENV));
        assertThat(callback).startsWith("https://").contains(agentsApi).contains(".execute-api.").endsWith("/prod");
    }

    @Test
    void theBrowsersStageMayBePostedToByTheApiTheWsRoutesAndTheJobsOnly() {
        String uiApi = uiApiId();
        Map<Map<?, ?>, List<Object>> manage = manageConnectionsOn(uiApi);
        assertThat(manage).isNotEmpty();
        List<Object> roles = new ArrayList<>();
        manage.forEach((st, attached) -> {
            assertThat(actions(st)).containsExactly("execute-api:ManageConnections");
            assertThat(resources(st)).hasSize(1);
            assertThat(joined(resources(st).get(0))).contains(uiApi).endsWith("/prod/POST/@connections/*").doesNotContain("/*/");
            roles.addAll(attached);
        });
        String jobsId = onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", PatchmonStack.JOBS_HANDLER)));
        assertThat(roles).containsExactlyInAnyOrder(Map.of("Ref", roleId), Map.of("Ref", roleOf(onlyFunctionIdWithHandler(PatchmonStack.WS_ROUTES_HANDLER))),
                Map.of("Ref", roleOf(onlyFunctionIdWithHandler(PatchmonStack.UI_ROUTES_HANDLER))), Map.of("Ref", roleOf(jobsId)));
        assertThat(joined(environment().get(PatchmonStack.UI_CALLBACK_URL_ENV))).startsWith("https://").contains(uiApi).endsWith("/prod");
        for (String handler : List.of(PatchmonStack.WS_ROUTES_HANDLER, PatchmonStack.UI_ROUTES_HANDLER)) {
            Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) properties("AWS::Lambda::Function", onlyFunctionIdWithHandler(handler)).get("Environment")).get("Variables");
            assertThat(joined(variables.get(PatchmonStack.UI_CALLBACK_URL_ENV))).as(handler).contains(uiApi).endsWith("/prod");
        }
    }

    @Test
    void theAgentsPathOfTheDistributionReachesTheWebSocketStageAheadOfTheRestApi() throws Exception {
        Map<?, ?> config = distributionConfig();
        Map<?, ?> ws = (Map<?, ?>) ((List<?>) config.get("CacheBehaviors")).get(0);
        assertThat(ws.get("PathPattern")).isEqualTo(PatchmonStack.AGENTS_WS_PATH);
        assertThat(ws.get("ViewerProtocolPolicy")).as("credentials never in the clear").isEqualTo("https-only");
        assertThat(ws.get("CachePolicyId")).as("Managed-CachingDisabled").isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        assertThat(ws.get("OriginRequestPolicyId")).as("Managed-AllViewerExceptHostHeader: X-API-ID/KEY and Sec-WebSocket-*")
                .isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        Map<?, ?> origin = ((List<?>) config.get("Origins")).stream().map(o -> (Map<?, ?>) o)
                .filter(o -> o.get("Id").equals(ws.get("TargetOriginId"))).findFirst().orElseThrow();
        assertThat(json(origin.get("DomainName"))).contains(agentsApiId());
        assertThat(origin.get("OriginCustomHeaders")).as("the origin secret is the REST API's").isNull();

        String functionId = onlyId("AWS::CloudFront::Function", Map.of(), "AgentsWsPath");
        assertThat(ws.get("FunctionAssociations")).isEqualTo(List.of(Map.of(
                "EventType", "viewer-request",
                "FunctionARN", Map.of("Fn::GetAtt", List.of(functionId, "FunctionARN")))));
        String code = (String) properties("AWS::CloudFront::Function", functionId).get("FunctionCode");
        assertThat(code).isEqualTo(PatchmonStack.agentsWsPathJs("prod"));
        String driver = code + "\nconsole.log(handler({request: {uri: '" + PatchmonStack.AGENTS_WS_PATH + "', headers: {}}}).uri);\n";
        Process node = new ProcessBuilder("node", "-e", driver).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(node.waitFor()).as(out).isZero();
        assertThat(out).as("the stage path, the only path a WebSocket API answers").isEqualTo("/prod");

        Map<?, ?> ui = (Map<?, ?>) ((List<?>) config.get("CacheBehaviors")).get(1);
        assertThat(ui.get("PathPattern")).isEqualTo(PatchmonStack.UI_WS_PATH);
        assertThat(ui.get("ViewerProtocolPolicy")).isEqualTo("https-only");
        assertThat(ui.get("CachePolicyId")).isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        assertThat(ui.get("OriginRequestPolicyId")).as("the query string carries the ticket").isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        Map<?, ?> uiOrigin = ((List<?>) config.get("Origins")).stream().map(o -> (Map<?, ?>) o)
                .filter(o -> o.get("Id").equals(ui.get("TargetOriginId"))).findFirst().orElseThrow();
        assertThat(json(uiOrigin.get("DomainName"))).contains(uiApiId());
        String uiFunction = onlyId("AWS::CloudFront::Function", Map.of(), "UiWsPath");
        assertThat(properties("AWS::CloudFront::Function", uiFunction).get("FunctionCode")).isEqualTo(PatchmonStack.agentsWsPathJs("prod"));
    }

    // --- without a web build --------------------------------------------------------------------

    @Test
    void synthWithoutAWebBuildKeepsTheBucketAndSkipsTheUploadWhileAnAgentBuildIsUploadedUnderAgent() throws IOException {
        Path agentDist = Files.createDirectories(tmp.resolve("agent-dist"));
        Files.writeString(agentDist.resolve("patchmon-agent-linux-amd64"), "#!/bin/sh\n");
        Template noWeb = Template.fromStack(stack(new PatchmonStack.Settings(
                apiZip(), apiZip(), apiZip(), Optional.of(tmp.resolve("no-such-dist")), null, null, Optional.of(agentDist))));
        noWeb.resourceCountIs("Custom::CDKBucketDeployment", 1);
        noWeb.hasResourceProperties("Custom::CDKBucketDeployment", Match.objectLike(Map.of(
                "DestinationBucketName", Map.of("Ref", onlyId("AWS::S3::Bucket", Map.of(), "ArtifactsBucket")),
                "DestinationBucketKeyPrefix", "agent/",
                "Prune", false)));
        noWeb.resourceCountIs("AWS::S3::Bucket", 2);
        noWeb.resourceCountIs("AWS::CloudFront::Distribution", 1);
        noWeb.resourceCountIs("AWS::Lambda::Function", 7); // api, jobs, the four ws functions and the agent upload's deployment handler
        noWeb.resourceCountIs("AWS::SecretsManager::Secret", 3);
        // No table name given: CloudFormation generates one; the spec's keys still apply.
        noWeb.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", Match.absent(),
                "KeySchema", List.of(
                        Map.of("AttributeName", "PK", "KeyType", "HASH"),
                        Map.of("AttributeName", "SK", "KeyType", "RANGE")))));
        noWeb.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of("StageName", "prod")));
    }

    // --- helpers --------------------------------------------------------------------------------

    private static PatchmonStack stack(PatchmonStack.Settings settings) {
        App app = new App();
        return new PatchmonStack(app, "PatchmonTest", StackProps.builder().build(), settings);
    }

    private static Path apiZip() throws IOException {
        Path zip = tmp.resolve("api-lambda.zip");
        if (!Files.exists(zip)) {
            try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
                z.putNextEntry(new ZipEntry("lib/stand-in.jar"));
                z.write(new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                z.closeEntry();
            }
        }
        return zip;
    }

    private static String onlyId(String type) {
        return onlyId(type, Map.of());
    }

    /** The one resource of {@code type} matching {@code props} whose logical id starts with {@code prefix}. */
    private static String onlyId(String type, Map<String, Object> props, String prefix) {
        List<String> ids = template.findResources(type, props).keySet().stream().filter(id -> id.startsWith(prefix)).toList();
        assertThat(ids).as(type + " " + prefix).hasSize(1);
        return ids.get(0);
    }

    private static String onlyId(String type, Map<String, Object> props) {
        Map<String, Map<String, Object>> found = props.isEmpty()
                ? template.findResources(type) : template.findResources(type, props);
        assertThat(found).as(type).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static Map<?, ?> properties(String type, String id) {
        Map<String, Object> resource = template.findResources(type).get(id);
        assertThat(resource).as(type + " " + id).isNotNull();
        return (Map<?, ?>) resource.get("Properties");
    }

    private static String roleLogicalId() {
        Object role = properties("AWS::Lambda::Function", functionId).get("Role");
        return (String) ((List<?>) ((Map<?, ?>) role).get("Fn::GetAtt")).get(0);
    }

    private static Map<?, ?> environment() {
        Map<?, ?> environment = (Map<?, ?>) properties("AWS::Lambda::Function", functionId).get("Environment");
        return (Map<?, ?>) environment.get("Variables");
    }

    private static List<String> keys(Map<?, ?> map) {
        return map.keySet().stream().map(String::valueOf).toList();
    }

    /** An {@code Fn::Join} with an empty delimiter as text, references as {@code {Ref=Id}}. */
    private static String joined(Object value) {
        Map<?, ?> intrinsic = (Map<?, ?>) value;
        assertThat(keys(intrinsic)).as(json(value)).containsExactly("Fn::Join");
        List<?> join = (List<?>) intrinsic.get("Fn::Join");
        assertThat(join.get(0)).isEqualTo("");
        StringBuilder text = new StringBuilder();
        ((List<?>) join.get(1)).forEach(part -> text.append(json(part)));
        return text.toString();
    }

    /** The /api/* behaviour: after the two WebSocket paths, which must match first. */
    private static Map<?, ?> apiBehaviour() {
        return (Map<?, ?>) ((List<?>) distributionConfig().get("CacheBehaviors")).get(2);
    }

    private static String agentsApiId() {
        return onlyId("AWS::ApiGatewayV2::Api", Map.of(), "AgentsApi");
    }

    private static String uiApiId() {
        return onlyId("AWS::ApiGatewayV2::Api", Map.of(), "UiApi");
    }

    /** The routes of one WebSocket API, by route key. */
    private static Map<String, Map<?, ?>> routesOf(String apiId) {
        Map<String, Map<?, ?>> routes = new java.util.HashMap<>();
        template.findResources("AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> (Map<?, ?>) r.get("Properties"))
                .filter(p -> Map.of("Ref", apiId).equals(p.get("ApiId")))
                .forEach(p -> routes.put((String) p.get("RouteKey"), p));
        return routes;
    }

    /** The ManageConnections statements naming one WebSocket API, with the roles whose policies hold them. */
    private static Map<Map<?, ?>, List<Object>> manageConnectionsOn(String apiId) {
        Map<Map<?, ?>, List<Object>> found = new java.util.LinkedHashMap<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<?, ?> props = (Map<?, ?>) policy.get("Properties");
            ((List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement")).stream().map(st -> (Map<?, ?>) st)
                    .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("execute-api:")))
                    .filter(st -> json(resources(st)).contains(apiId))
                    .forEach(st -> found.computeIfAbsent(st, k -> new ArrayList<>()).addAll((List<?>) props.get("Roles")));
        });
        return found;
    }

    private static String onlyFunctionIdWithHandler(String handler) {
        return onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", handler)));
    }

    private static String roleOf(String functionLogicalId) {
        Object role = properties("AWS::Lambda::Function", functionLogicalId).get("Role");
        return (String) ((List<?>) ((Map<?, ?>) role).get("Fn::GetAtt")).get(0);
    }

    private static Map<?, ?> distributionConfig() {
        return (Map<?, ?>) properties("AWS::CloudFront::Distribution", onlyId("AWS::CloudFront::Distribution"))
                .get("DistributionConfig");
    }

    private static List<Map<?, ?>> statementsOfPoliciesAttachedTo(String role) {
        List<Map<?, ?>> statements = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<?, ?> props = (Map<?, ?>) policy.get("Properties");
            if (((List<?>) props.get("Roles")).contains(Map.of("Ref", role))) {
                ((List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement"))
                        .forEach(s -> statements.add((Map<?, ?>) s));
            }
        });
        assertThat(statements).as("policies attached to " + role).isNotEmpty();
        return statements;
    }

    private static List<String> actions(Map<?, ?> statement) {
        return asList(statement.get("Action")).stream().map(String::valueOf).toList();
    }

    private static List<Object> resources(Map<?, ?> statement) {
        return asList(statement.get("Resource"));
    }

    private static List<Object> asList(Object value) {
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        return value == null ? List.of() : List.of(value);
    }

    /** CloudFormation intrinsics as text ({@code {Ref=Id}}), for "refers to" checks. */
    private static String json(Object value) {
        return String.valueOf(value);
    }

    /**
     * Runs the /api/* viewer-request function under Node on a viewer-request event with these
     * viewer headers (CloudFront Functions' event shape: lower-case names, {@code {value}} objects)
     * and returns the headers it forwards.
     */
    private static Map<String, String> apiViewerHeaders(String viewerIp, Map<String, String> viewerHeaders)
            throws IOException, InterruptedException {
        String driver = PatchmonStack.API_VIEWER_HEADERS_JS + "\n"
                + "var headers = {};\n"
                + "for (var i = 2; i < process.argv.length; i += 2) { headers[process.argv[i]] = {value: process.argv[i + 1]}; }\n"
                + "var out = handler({version: '1.0', viewer: {ip: process.argv[1]},"
                + " request: {method: 'GET', uri: '/api/v1/hosts/install', querystring: {}, headers: headers, cookies: {}}}).headers;\n"
                + "for (var name in out) { console.log(name + '=' + out[name].value); }\n";
        List<String> command = new ArrayList<>(List.of("node", "-e", driver, "--", viewerIp));
        viewerHeaders.forEach((name, value) -> {
            command.add(name);
            command.add(value);
        });
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(node.waitFor()).as(out).isZero();
        Map<String, String> headers = new java.util.HashMap<>();
        out.lines().forEach(line -> headers.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return headers;
    }

    /** Runs the CloudFront function's code under Node (jsii needs Node anyway) for each uri. */
    private static List<String> spaRewrite(List<String> uris) throws IOException, InterruptedException {
        String driver = PatchmonStack.SPA_REWRITE_JS + "\n"
                + "for (const uri of process.argv.slice(1)) {\n"
                + "  console.log(handler({request: {uri: uri, headers: {}}}).uri);\n"
                + "}\n";
        List<String> command = new ArrayList<>(List.of("node", "-e", driver, "--"));
        command.addAll(uris);
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(node.waitFor()).as(out).isZero();
        return out.lines().toList();
    }
}
