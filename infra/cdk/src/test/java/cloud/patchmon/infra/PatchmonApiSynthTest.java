package cloud.patchmon.infra;

import static cloud.patchmon.infra.SynthFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

/**
 * The api function, its live alias, the REST API and the api role's least privilege ({@link PatchmonApi}). Asserts
 * on the template {@link SynthFixture} synthesises once per JVM.
 */
class PatchmonApiSynthTest {

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
                        "PATCHMON_ORIGIN_SECRET", "PATCHMON_BLOBS_BUCKET", Realtime.AGENTS_CALLBACK_URL_ENV,
                        Realtime.UI_CALLBACK_URL_ENV, PatchmonWorkflows.PATCH_RUN_STATE_MACHINE_ARN_ENV, "PATCHMON_EVENT_BUS_NAME",
                        "JAVA_TOOL_OPTIONS");
        assertThat(((Number) props.get("MemorySize")).intValue()).isGreaterThanOrEqualTo(1024);
        assertThat(props.get("LoggingConfig")).asString().contains("LogGroup");
    }

    @Test
    void apiFunctionGetsTheJwtSecretAsADynamicReference() {
        Object value = environment().get(PatchmonData.JWT_SECRET_ENV);
        assertThat(value).as("a dynamic reference, never a literal").isInstanceOf(Map.class);
        String reference = joined(value);
        assertThat(reference)
                .startsWith("{{resolve:secretsmanager:")
                .contains("{Ref=" + jwtSecretId + "}")
                .doesNotContain(dataKeyId)
                .doesNotContain(originSecretId)
                .endsWith(":SecretString:::}}");
    }

    @Test
    void apiFunctionGetsTheDataKeyAsADynamicReference() {
        Object value = environment().get(PatchmonData.DATA_KEY_ENV);
        assertThat(PatchmonData.DATA_KEY_ENV).isEqualTo("PATCHMON_DATA_KEY");
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
        assertThat(roleActions).as("the eight table actions, reading agent binaries, posting to agents, PatchRun's executions"
                        + " and tokens, and writing to its own log group")
                .allMatch(a -> PatchmonApi.TABLE_DATA_ACTIONS.contains(a) || a.startsWith("logs:")
                        || a.equals("s3:GetObject") || a.equals("s3:ListBucket") || a.equals("execute-api:ManageConnections") || a.equals("events:PutEvents")
                        || PatchmonWorkflowsSynthTest.API_STATES_ACTIONS.contains(a));
        template.resourceCountIs("AWS::SecretsManager::ResourcePolicy", 0);
    }

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
}
