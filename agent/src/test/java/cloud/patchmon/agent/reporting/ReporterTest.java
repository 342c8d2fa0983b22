package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.server.FakePatchmon;
import cloud.patchmon.agent.server.ServerClient;
import cloud.patchmon.agent.server.ServerException;
import cloud.patchmon.protocol.CanonicalHashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReporterTest {

    private static final String UPDATED = "{\"message\":\"Host updated successfully\",\"packagesProcessed\":2,\"updatesAvailable\":1,\"securityUpdates\":1}";

    private final FakePatchmon server;
    private final ServerClient client;

    ReporterTest() throws IOException {
        server = new FakePatchmon();
        client = new ServerClient(server.apiBase(), new Credentials("patchmon_0123456789abcdef", "secret-key"),
                ServerClient.httpClient(false), (attempt, retryAfter) -> { }, "1.2.3");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Reporter reporter(Inventory inventory) {
        return new Reporter(() -> inventory, client, new Payloads("1.2.3"));
    }

    @Test
    void aStaleSectionIsSentAloneAsAPartialReportWithItsHash() throws Exception {
        server.always("/hosts/ping", 200, "{\"message\":\"Ping successful\",\"hashGate\":true,\"requestFull\":[\"packages\",\"docker\"]}")
                .always("/hosts/update", 200, UPDATED);
        Inventory inventory = TestInventories.typical();

        Reporter.Outcome outcome = reporter(inventory).cycle(false, true);

        assertThat(outcome.sent()).isEqualTo("partial");
        assertThat(outcome.sections()).containsExactly("packages");
        FakePatchmon.Request ping = server.requests("/hosts/ping").get(0);
        assertThat(ping.headers()).containsEntry("x-api-id", "patchmon_0123456789abcdef").containsEntry("x-api-key", "secret-key");
        assertThat(ping.body().path("agentStartup").asBoolean()).isTrue();
        assertThat(ping.body().path("hashes").path("packagesHash").asText()).isEqualTo(new CanonicalHashes().packages(inventory.packages()));
        assertThat(ping.body().path("metrics").path("cpu").asDouble()).isEqualTo(12.5);
        FakePatchmon.Request update = server.requests("/hosts/update").get(0);
        assertThat(update.body().path("sections").toString()).isEqualTo("[\"packages\"]");
        assertThat(update.body().has("repositories")).isFalse();
        assertThat(update.body().has("needsReboot")).as("a partial report never carries needsReboot").isFalse();
        assertThat(update.body().path("packages")).hasSize(2);
        assertThat(update.body().path("hashes").path("packagesHash").asText()).isEqualTo(ping.body().path("hashes").path("packagesHash").asText());
        assertThat(update.body().path("hashes").has("reposHash")).isFalse();
    }

    @Test
    void nothingStaleMeansNoReport() throws Exception {
        server.always("/hosts/ping", 200, "{\"message\":\"Ping successful\",\"hashGate\":true}");

        Reporter.Outcome outcome = reporter(TestInventories.typical()).cycle(false, false);

        assertThat(outcome.sent()).isEqualTo("none");
        assertThat(server.requests("/hosts/update")).isEmpty();
        assertThat(server.requests("/hosts/ping").get(0).body().has("agentStartup")).isFalse();
    }

    @Test
    void aFullCycleAServerWithoutTheHashGateOrAnEmptyStaleSectionGetsAFullReport() throws Exception {
        server.always("/hosts/update", 200, UPDATED);
        server.once("/hosts/ping", 200, "{\"hashGate\":true}");
        assertThat(reporter(TestInventories.typical()).cycle(true, false).sent()).isEqualTo("full");

        server.once("/hosts/ping", 200, "{\"message\":\"Ping successful\"}");
        assertThat(reporter(TestInventories.typical()).cycle(false, false).sent()).isEqualTo("full");

        server.once("/hosts/ping", 200, "{\"hashGate\":true,\"requestFull\":[\"repos\"]}");
        Inventory noRepos = TestInventories.inventory(TestInventories.typical().packages(), List.of());
        assertThat(reporter(noRepos).cycle(false, false).sent()).as("a partial may not claim an empty section").isEqualTo("full");

        List<FakePatchmon.Request> updates = server.requests("/hosts/update");
        assertThat(updates).hasSize(3);
        assertThat(updates.get(0).body().has("sections")).isFalse();
        assertThat(updates.get(0).body().path("needsReboot").isBoolean()).isTrue();
        assertThat(updates.get(0).body().path("osType").asText()).isEqualTo("Debian GNU/Linux");
        assertThat(updates.get(0).body().path("diskDetails").get(0).path("mountPoint").asText()).isEqualTo("/");
        assertThat(updates.get(2).body().path("repositories")).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedAndClientErrorsAreNot() throws Exception {
        server.once("/hosts/ping", 503, "{\"error\":\"busy\"}").always("/hosts/ping", 200, "{\"hashGate\":true,\"requestFull\":[\"hostname\"]}");
        server.always("/hosts/update", 400, "{\"error\":\"hostname hash mismatch\"}");

        assertThatThrownBy(() -> reporter(TestInventories.typical()).cycle(false, false))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("hostname hash mismatch");
                });
        assertThat(server.requests("/hosts/ping")).hasSize(2);
        assertThat(server.requests("/hosts/update")).hasSize(1);
    }

    @Test
    void rejectedCredentialsStopTheCycle() {
        server.always("/hosts/ping", 401, "{\"error\":\"Invalid API credentials\"}");

        assertThatThrownBy(() -> reporter(TestInventories.typical()).cycle(false, false))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.unauthorized()).isTrue());
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aHostWithoutPackagesSendsNothingRatherThanAnEmptyFullReport() {
        server.always("/hosts/ping", 200, "{\"hashGate\":true,\"requestFull\":[\"packages\"]}");

        assertThatThrownBy(() -> reporter(TestInventories.inventory(List.of(), List.of())).cycle(false, false))
                .hasMessageContaining("no packages");
        assertThat(server.requests("/hosts/update")).isEmpty();
    }
}
