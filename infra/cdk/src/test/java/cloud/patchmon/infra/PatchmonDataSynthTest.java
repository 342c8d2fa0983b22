package cloud.patchmon.infra;

import static cloud.patchmon.infra.SynthFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.patchmon.core.storage.TableDesign;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

/**
 * The table and the generated keys ({@link PatchmonData}). Asserts on the template {@link SynthFixture} synthesises
 * once per JVM.
 */
class PatchmonDataSynthTest {

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
                "ExcludeCharacters", PatchmonData.DATA_KEY_EXCLUDED_CHARACTERS,
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
    void originSecretIsGeneratedByCloudFormationAndDeletedWithTheStack() {
        Map<String, Object> resource = template.findResources("AWS::SecretsManager::Secret").get(originSecretId);
        assertThat(resource.get("DeletionPolicy")).as("nothing is sealed with it; a new one just works").isEqualTo("Delete");
        Map<?, ?> secret = properties("AWS::SecretsManager::Secret", originSecretId);
        assertThat(secret.get("GenerateSecretString")).isEqualTo(Map.of("PasswordLength", 64, "ExcludePunctuation", true));
        assertThat(secret.get("SecretString")).as("no value in the template").isNull();
        assertThat(secret.get("Name")).as("generated, so stages can share an account").isNull();
    }
}
