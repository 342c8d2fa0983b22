package cloud.patchmon.e2e.shell;

import cloud.patchmon.e2e.harness.ApiClient;
import cloud.patchmon.e2e.harness.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP conventions through the real stack: Tomcat, filters, error handling and static files. */
@ExtendWith(StackExtension.class)
class HttpEndToEndTest {

    private final ApiClient api;

    HttpEndToEndTest(ApiClient api) {
        this.api = api;
    }

    @Test
    void healthAnswersWithoutAuthenticationOnBothPaths() {
        for (String path : new String[]{"/api/v1/health", "/api/v1/health/", "/health"}) {
            ApiClient.Response response = api.get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.json().path("status").asText()).isEqualTo("ok");
            assertThat(Instant.parse(response.json().path("timestamp").asText())).isBefore(Instant.now().plusSeconds(5));
            assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        }
    }

    @Test
    void unknownApiRoutesAreJson404sNotTheWebApp() {
        ApiClient.Response response = api.get("/api/v1/hosts-that-do-not-exist");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").asText()).isEqualTo("Route not found");
    }

    @Test
    void aWrongMethodIs405() {
        ApiClient.Response response = api.send("DELETE", "/api/v1/health");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.json().path("error").asText()).isEqualTo("Method not allowed");
    }

    @Test
    void bodiesAboveTheApiGatewayLimitAre413() {
        byte[] body = new byte[10 * 1024 * 1024 + 1];

        ApiClient.Response response = api.post("/api/v1/health", "application/json", body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("error").asText()).isEqualTo("Request entity too large");
    }

    @Test
    void clientRoutesServeTheAppShell() {
        ApiClient.Response response = api.get("/reporting/scheduled");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(response.body()).contains("<div id=\"root\">");
    }
}
