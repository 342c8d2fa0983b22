package cloud.patchmon.infra;

import static cloud.patchmon.infra.SynthFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack as a whole: a clean synth, its outputs, and a synth without a web build. Asserts on the template {@link
 * SynthFixture} synthesises once per JVM.
 */
class PatchmonStackSynthTest {

    @Test
    void synthesisesWithoutWarningsOrErrors() {
        Annotations annotations = Annotations.fromStack(stack);
        annotations.hasNoError("*", Match.anyValue());
        annotations.hasNoWarning("*", Match.anyValue());
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

    @Test
    void synthWithoutAWebBuildKeepsTheBucketAndSkipsTheUploadWhileAnAgentBuildIsUploadedUnderAgent() throws IOException {
        Path agentDist = Files.createDirectories(tmp.resolve("agent-dist"));
        Files.writeString(agentDist.resolve("patchmon-agent-linux-amd64"), "#!/bin/sh\n");
        Template noWeb = Template.fromStack(stack(new PatchmonStack.Settings(
                apiZip(), apiZip(), apiZip(), apiZip(), Optional.of(tmp.resolve("no-such-dist")), null, null, Optional.of(agentDist))));
        noWeb.resourceCountIs("Custom::CDKBucketDeployment", 1);
        noWeb.hasResourceProperties("Custom::CDKBucketDeployment", Match.objectLike(Map.of(
                "DestinationBucketName", Map.of("Ref", onlyId("AWS::S3::Bucket", Map.of(), "ArtifactsBucket")),
                "DestinationBucketKeyPrefix", "agent/",
                "Prune", false)));
        noWeb.resourceCountIs("AWS::S3::Bucket", 2);
        noWeb.resourceCountIs("AWS::CloudFront::Distribution", 1);
        noWeb.resourceCountIs("AWS::Lambda::Function", 8); // api, jobs, the four ws functions, workflow and the agent upload's deployment handler
        noWeb.resourceCountIs("AWS::SecretsManager::Secret", 3);
        // No table name given: CloudFormation generates one; the spec's keys still apply.
        noWeb.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", Match.absent(),
                "KeySchema", List.of(
                        Map.of("AttributeName", "PK", "KeyType", "HASH"),
                        Map.of("AttributeName", "SK", "KeyType", "RANGE")))));
        noWeb.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of("StageName", "prod")));
    }
}
