package cloud.patchmon.core.storage;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StorageSettingsTest {

    @Test
    void defaultsToTheAwsEndpointAndTheDefaultTable() {
        StorageSettings settings = StorageSettings.fromEnvironment(Map.of());

        assertThat(settings.tableName()).isEqualTo("patchmon");
        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.region()).isEqualTo("us-east-1");
    }

    @Test
    void theProjectVariableWinsOverTheSdkEndpointVariables() {
        StorageSettings settings = StorageSettings.fromEnvironment(Map.of(
                "PATCHMON_TABLE", "pm-prod",
                "AWS_ENDPOINT_URL", "http://localstack:4566",
                "PATCHMON_DYNAMODB_ENDPOINT", "http://localhost:8000",
                "AWS_REGION", "eu-west-1"));

        assertThat(settings.tableName()).isEqualTo("pm-prod");
        assertThat(settings.endpoint()).contains(URI.create("http://localhost:8000"));
        assertThat(settings.region()).isEqualTo("eu-west-1");
    }

    @Test
    void fallsBackToTheGeneralSdkEndpointForLocalStack() {
        assertThat(StorageSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566")).endpoint())
                .contains(URI.create("http://localhost:4566"));
    }
}
