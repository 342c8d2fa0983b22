package cloud.patchmon.agent.server;

import cloud.patchmon.agent.config.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerClientTest {

    private final FakePatchmon server = new FakePatchmon();
    private final List<String> pauses = new ArrayList<>();
    private final Backoff recording = (attempt, retryAfter) -> pauses.add(attempt + ":" + retryAfter);

    ServerClientTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ServerClient client(URI base) {
        return new ServerClient(base, new Credentials("patchmon_x", "k"), ServerClient.httpClient(false), recording, "9.9.9");
    }

    @Test
    void aRateLimitedRequestWaitsWhatTheServerAskedThenSucceeds() throws Exception {
        server.once("/hosts/ping", 429, "{\"error\":\"Too many requests\"}", Map.of("Retry-After", "7"))
                .always("/hosts/ping", 200, "{\"message\":\"Ping successful\"}");

        assertThat(client(server.apiBase()).post("/hosts/ping", null).path("message").asText()).isEqualTo("Ping successful");

        assertThat(pauses).containsExactly("1:PT7S");
        assertThat(server.requests("/hosts/ping").get(0).headers()).containsEntry("user-agent", "patchmon-agent/9.9.9");
    }

    @Test
    void garbageFromAProxyIsAFailureWorthRetryingNotAnAnswer() {
        server.always("/hosts/ping", 200, "<html>captive portal</html>");

        assertThatThrownBy(() -> client(server.apiBase()).post("/hosts/ping", Map.of("hashes", Map.of())))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.getMessage()).contains("not JSON");
                });
        assertThat(server.requests("/hosts/ping")).hasSize(ServerClient.ATTEMPTS);
        assertThat(pauses).containsExactly("1:null", "2:null", "3:null");
    }

    @Test
    void anUnreachableServerIsRetriedAndReportedAsNoAnswer() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> client(URI.create("http://127.0.0.1:" + closedPort + "/api/v1")).get("/settings/update-interval"))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(pauses).hasSize(ServerClient.ATTEMPTS - 1);
    }

    @Test
    void validationErrorsCarryTheServersFirstMessageAndOnceMeansOneAttempt() {
        server.always("/hosts/update", 400, "{\"errors\":[{\"msg\":\"Every package needs a name\",\"param\":\"packages\",\"location\":\"body\"}]}");

        assertThatThrownBy(() -> client(server.apiBase()).post("/hosts/update", Map.of()))
                .hasMessage("/hosts/update answered HTTP 400: Every package needs a name");
        server.always("/hosts/ping", 503, "{\"error\":\"maintenance\"}");
        assertThatThrownBy(() -> client(server.apiBase()).once().post("/hosts/ping", null)).hasMessageContaining("503");
        assertThat(server.requests("/hosts/ping")).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void theExponentialBackoffHonoursRetryAfterUpToItsCeiling() throws InterruptedException {
        long started = System.nanoTime();
        Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(30)).pause(1, Duration.ofHours(1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("capped at 30 ms (+20 %% jitter), not an hour").isLessThan(Duration.ofSeconds(5));
    }
}
