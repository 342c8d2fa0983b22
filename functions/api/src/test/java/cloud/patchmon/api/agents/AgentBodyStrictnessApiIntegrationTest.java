package cloud.patchmon.api.agents;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Malformed, wrongly typed and oversize agent bodies get 4xx and change nothing; what real agents
 * send (spec ch. 30's example, PatchMon 2.x's Go agent, the shared hash fixture) is accepted.
 */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class AgentBodyStrictnessApiIntegrationTest {

    private static final String GOOD_PACKAGE = "{\"name\":\"curl\",\"currentVersion\":\"7.81.0\",\"needsUpdate\":false}";

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private String hostId;
    private String apiId;
    private String apiKey;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        owner = new ApiSession(mvc).signup();
        JsonNode created = json.readTree(mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("friendly_name", "web-01", "groupIds", List.of(), "docker_enabled", true))))
                .andReturn().getResponse().getContentAsString());
        hostId = created.path("host").path("id").asText();
        apiId = created.path("api_id").asText();
        apiKey = created.path("api_key").asText();
    }

    private ResultActions agent(String path, String body) throws Exception {
        return mvc.perform(post(path).header("X-API-ID", apiId).header("X-API-KEY", apiKey).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions report(String body) throws Exception {
        return agent("/api/v1/hosts/update", body);
    }

    private String read(String path) throws Exception {
        return mvc.perform(get(path).header("Authorization", owner.bearer())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    /** Everything a report or check-in can change, as the web app reads it. */
    private List<String> stored() throws Exception {
        return List.of(read("/api/v1/hosts/" + hostId), read("/api/v1/hosts/" + hostId + "/packages?limit=200"),
                read("/api/v1/hosts/" + hostId + "/details"), read("/api/v1/hosts/" + hostId + "/reports"), read("/api/v1/packages"),
                read("/api/v1/repositories"));
    }

    private void assertRefused(String path, String body, String param) throws Exception {
        String answer = agent(path, body).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value(param))
                .andExpect(jsonPath("$.errors[0].location").value("body"))
                .andReturn().getResponse().getContentAsString();
        assertThat(answer).as("no parser text reaches the agent").doesNotContain("Cannot", "coerce", "java.", "jackson", "Exception");
    }

    @Test
    void wronglyTypedMissingAndNullFieldsAre400sNamingTheFieldAndChangeNothing() throws Exception {
        report("{\"packages\":[" + GOOD_PACKAGE + "],\"hostname\":\"web01\",\"cpuCores\":4,"
                + "\"repositories\":[{\"name\":\"debian\",\"url\":\"http://deb.debian.org/debian\",\"distribution\":\"bookworm\",\"components\":\"main\",\"isEnabled\":true,\"isSecure\":false}],"
                + "\"networkInterfaces\":[{\"name\":\"eth0\",\"addresses\":[{\"address\":\"10.0.0.5\",\"family\":\"inet\"}]}]}").andExpect(status().isOk());
        agent("/api/v1/hosts/ping", "{\"metrics\":{\"cpu\":3.5,\"needsReboot\":false},\"agentVersion\":\"2.1.0\"}").andExpect(status().isOk());
        List<String> before = stored();

        Map<String, String> reports = new LinkedHashMap<>();
        reports.put("{\"packages\":[{\"name\":\"curl\",\"currentVersion\":\"7.81.0\",\"needsUpdate\":\"true\"}]}", "packages[0].needsUpdate");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + ",{\"name\":\"vim\",\"currentVersion\":9.0,\"needsUpdate\":true}]}", "packages[1].currentVersion");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + ",{\"name\":\"vim\",\"currentVersion\":\"9.0\"}]}", "packages[1].needsUpdate");
        reports.put("{\"packages\":[{\"name\":\"vim\",\"currentVersion\":\"9.0\",\"needsUpdate\":null}]}", "packages[0].needsUpdate");
        reports.put("{\"packages\":[{\"name\":\"vim\",\"needsUpdate\":true}]}", "packages[0].currentVersion");
        reports.put("{\"packages\":[{\"currentVersion\":\"9.0\",\"needsUpdate\":true}]}", "packages[0].name");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + ",null]}", "packages[1]");
        reports.put("{\"packages\":[{\"name\":\"vim\",\"currentVersion\":\"9.0\",\"needsUpdate\":true,\"isSecurityUpdate\":1}]}", "packages[0].isSecurityUpdate");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"cpuCores\":\"8\"}", "cpuCores");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"cpuCores\":8.5}", "cpuCores");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"ramInstalled\":\"16\"}", "ramInstalled");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"osVersion\":12}", "osVersion");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"needsReboot\":\"false\"}", "needsReboot");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"loadAverage\":[0.5,\"0.3\"]}", "loadAverage[1]");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"dnsServers\":[8888]}", "dnsServers[0]");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"agentExecutionMs\":\"812\"}", "agentExecutionMs");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"executionTime\":true}", "executionTime");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"hashes\":{\"packagesHash\":5}}", "hashes.packagesHash");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"repositories\":[null]}", "repositories[0]");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"repositories\":[{\"url\":\"http://x\",\"isEnabled\":\"yes\"}]}", "repositories[0].isEnabled");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"networkInterfaces\":[null]}", "networkInterfaces[0]");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"networkInterfaces\":[{\"name\":\"eth0\",\"addresses\":[null]}]}",
                "networkInterfaces[0].addresses[0]");
        reports.put("{\"packages\":[" + GOOD_PACKAGE + "],\"networkInterfaces\":[{\"name\":\"eth0\",\"mtu\":\"1500\"}]}", "networkInterfaces[0].mtu");
        reports.put("{\"sections\":[\"hostname\",7],\"hostname\":\"web01\"}", "sections[1]");
        for (Map.Entry<String, String> bad : reports.entrySet()) {
            assertRefused("/api/v1/hosts/update", bad.getKey(), bad.getValue());
        }
        assertRefused("/api/v1/hosts/ping", "{\"agentExecutionMs\":\"812\"}", "agentExecutionMs");
        assertRefused("/api/v1/hosts/ping", "{\"agentStartup\":\"true\"}", "agentStartup");
        assertRefused("/api/v1/hosts/ping", "{\"hashes\":{\"packagesHash\":5}}", "hashes.packagesHash");
        assertRefused("/api/v1/hosts/ping", "{\"metrics\":{\"needsReboot\":\"true\"}}", "metrics.needsReboot");
        agent("/api/v1/hosts/update", "[" + GOOD_PACKAGE + "]").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Invalid JSON in request body"));
        agent("/api/v1/hosts/update", "{\"packages\":[" + GOOD_PACKAGE).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Invalid JSON in request body"));

        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void tenThousandPackagesAreAcceptedAndOneMoreIsRefusedWithNothingChanged() throws Exception {
        report(packages(10_000, "")).andExpect(status().isOk()).andExpect(jsonPath("$.packagesProcessed").value(10_000));
        List<String> before = stored();

        report(packages(10_001, "-next")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Too many packages: at most 10000 per report"));

        assertThat(stored()).isEqualTo(before);
        mvc.perform(get("/api/v1/packages").param("search", "pkg-10000").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.pagination.total").value(0));
    }

    private String packages(int count, String versionSuffix) throws Exception {
        List<Map<String, Object>> packages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            packages.add(Map.of("name", "pkg-" + i, "currentVersion", "1." + i + versionSuffix, "needsUpdate", i % 10 == 0,
                    "isSecurityUpdate", false));
        }
        return json.writeValueAsString(Map.of("packages", packages));
    }

    @Test
    void anOversizeCheckInOrReportIsA413ThatChangesNothing() throws Exception {
        report("{\"packages\":[" + GOOD_PACKAGE + "]}").andExpect(status().isOk());
        List<String> before = stored();

        agent("/api/v1/hosts/ping", "{\"metrics\":{\"pad\":\"" + "x".repeat(8 * 1024) + "\"}}").andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.error").value("Request entity too large"));
        report("{\"packages\":[" + GOOD_PACKAGE + "],\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}").andExpect(status().isPayloadTooLarge());

        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void theSpecsExampleAndAPatchMon2AgentsReportAreAcceptedAsSent() throws Exception {
        report("""
                {"packages":[{"name":"nginx","currentVersion":"1.18.0","availableVersion":"1.20.0","needsUpdate":true,"isSecurityUpdate":false}],
                 "agentVersion":"1.5.0","cpuModel":"Intel Xeon E5-2680 v4","cpuCores":8,"ramInstalled":16.0,"swapSize":2.0,
                 "diskDetails":[{"device":"/dev/sda1","mountPoint":"/","size":"50GB","used":"25GB","available":"25GB"}],
                 "gatewayIp":"192.168.1.1","dnsServers":["8.8.8.8","8.8.4.4"],
                 "networkInterfaces":[{"name":"eth0","ip":"192.168.1.10","mac":"00:11:22:33:44:55"}],
                 "kernelVersion":"5.4.0-74-generic","selinuxStatus":"disabled"}
                """).andExpect(status().isOk()).andExpect(jsonPath("$.packagesProcessed").value(1));

        // The Go agent's ReportPayload: executionTime is a float64, nil slices are null, empty strings and zero WUA fields are omitted.
        JsonNode fixture = json.readTree(fixture().toFile());
        ObjectNode body = json.createObjectNode();
        body.set("packages", fixture.path("packages").path("input"));
        body.set("repositories", fixture.path("repos").path("input"));
        ArrayNode interfaces = ((ArrayNode) fixture.path("interfaces").path("input")).deepCopy();
        body.set("networkInterfaces", interfaces);
        body.put("hostname", fixture.path("hostname").path("input").asText());
        body.put("osType", "Ubuntu").put("osVersion", "22.04").put("ip", "10.0.0.5").put("architecture", "amd64").put("agentVersion", "2.1.0")
                .put("machineId", "0f1e").put("kernelVersion", "5.15.0-91-generic").put("selinuxStatus", "disabled").put("systemUptime", "3 days")
                .put("cpuModel", "AMD EPYC").put("cpuCores", 4).put("ramInstalled", 7.6).put("swapSize", 0).put("gatewayIp", "10.0.0.1")
                .put("executionTime", 1.37).put("needsReboot", false).put("packageManager", "apt");
        body.putNull("dnsServers");
        body.set("loadAverage", json.readTree("[0.52, 1, 0.3]"));
        body.set("diskDetails", json.readTree("[{\"name\":\"/dev/sda1\",\"size\":\"50G\",\"mountpoint\":\"/\"}]"));
        ObjectNode hashes = body.putObject("hashes");
        hashes.put("packagesHash", fixture.path("packages").path("expected_hash").asText());
        hashes.put("reposHash", fixture.path("repos").path("expected_hash").asText());
        hashes.put("interfacesHash", fixture.path("interfaces").path("expected_hash").asText());
        hashes.put("hostnameHash", fixture.path("hostname").path("expected_hash").asText());

        report(json.writeValueAsString(body)).andExpect(status().isOk()).andExpect(jsonPath("$.packagesProcessed").value(2));

        agent("/api/v1/hosts/ping", json.writeValueAsString(Map.of("hashes", hashes, "metrics", Map.of("loadAverage", List.of(0.5, 1)))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.requestFull").value(contains("docker")));
        mvc.perform(get("/api/v1/hosts/" + hostId + "/reports").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.reports[0].agent_execution_ms").value(1370));
        mvc.perform(get("/api/v1/hosts/" + hostId + "/details").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.system.load_average").value(contains(0.52, 1.0, 0.3)))
                .andExpect(jsonPath("$.network_interfaces[*].name").value(contains("eth0", "lo")));
    }

    /** The protocol module's committed copy of the shared hash fixture; the API's test classpath does not carry it. */
    private static Path fixture() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("protocol/src/test/resources/compat/canonical_fixtures.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no protocol/src/test/resources/compat/canonical_fixtures.json above " + Path.of("").toAbsolutePath());
    }

    @Test
    void otherEndpointsKeepTheirLenientReading() throws Exception {
        mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"friendly_name\":\"db-01\",\"groupIds\":[],\"docker_enabled\":\"true\"}"))
                .andExpect(status().is2xxSuccessful()).andExpect(jsonPath("$.host.docker_enabled").value(true));
    }
}
