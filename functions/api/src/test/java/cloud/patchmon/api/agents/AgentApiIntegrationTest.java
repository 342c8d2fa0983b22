package cloud.patchmon.api.agents;

import cloud.patchmon.api.ScriptPlaceholders;
import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.TenantRepository;
import cloud.patchmon.core.tenants.TenantSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Map;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class AgentApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ItemStore store;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
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
        apiId = created.path("api_id").asText();
        apiKey = created.path("api_key").asText();
    }

    @Test
    void agentsReadTheirIntervalAndIntegrationsWithTheirCredentials() throws Exception {
        mvc.perform(get("/api/v1/settings/update-interval").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk()).andExpect(jsonPath("$.updateInterval").value(60));
        mvc.perform(get("/api/v1/hosts/integrations").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.success").value(true))
                .andExpect(jsonPath("$.integrations.docker").value(true))
                .andExpect(jsonPath("$.integrations.compliance").value(false))
                .andExpect(jsonPath("$.compliance_openscap_enabled").value(false));
    }

    @Test
    void theHashGatedCheckInAsksForStaleSectionsInCamelCase() throws Exception {
        String hash = "c".repeat(64);
        Map<String, Object> ping = Map.of("hashes", Map.of("packagesHash", hash, "reposHash", hash, "interfacesHash", hash, "hostnameHash", hash),
                "metrics", Map.of("cpu", 3.5, "needsReboot", false), "agentVersion", "2.1.0", "agentExecutionMs", 812);
        mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(ping)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Ping successful"))
                .andExpect(jsonPath("$.friendlyName").value("web-01"))
                .andExpect(jsonPath("$.hashGate").value(true))
                .andExpect(jsonPath("$.agentStartup").value(false))
                .andExpect(jsonPath("$.integrations.docker").value(true))
                .andExpect(jsonPath("$.requestFull").value(org.hamcrest.Matchers.contains("packages", "repos", "interfaces", "hostname", "docker")))
                .andExpect(jsonPath("$.timestamp").isNotEmpty());
        mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk()).andExpect(jsonPath("$.message").value("Ping successful"));
    }

    @Test
    void aFullReportActivatesTheHostAndTheNextCheckInNeedsNothing() throws Exception {
        String report = """
                {"packages":[{"name":"nginx","currentVersion":"1.18.0","availableVersion":"1.20.0","needsUpdate":true,"isSecurityUpdate":false},
                             {"name":"openssl","currentVersion":"3.0.2","availableVersion":"3.0.13","needsUpdate":true,"isSecurityUpdate":true},
                             {"name":"curl","currentVersion":"7.81.0","needsUpdate":false}],
                 "agentVersion":"1.2.3","osType":"Ubuntu","osVersion":"22.04","hostname":"web01.example.com","ip":"192.168.1.10",
                 "cpuModel":"Intel Xeon E5-2680 v4","cpuCores":8,"ramInstalled":16.0,"kernelVersion":"5.4.0-74-generic","selinuxStatus":"disabled",
                 "cpuSockets":2,"cpuMhz":2400.0,"hardwareVendor":"Dell Inc.","hardwareProduct":"PowerEdge R640","hardwareSerial":"ABC1234",
                 "repositories":[{"name":"ubuntu","url":"http://archive.ubuntu.com/ubuntu","distribution":"jammy","components":"main","repoType":"deb","isEnabled":true,"isSecure":false}],
                 "networkInterfaces":[{"name":"eth0","type":"ethernet","macAddress":"00:11:22:33:44:55","addresses":[{"address":"192.168.1.10","family":"inet","netmask":"/24","gateway":"192.168.1.1"}]}]}
                """;
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON).content(report))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Host updated successfully"))
                .andExpect(jsonPath("$.packagesProcessed").value(3))
                .andExpect(jsonPath("$.updatesAvailable").value(2))
                .andExpect(jsonPath("$.securityUpdates").value(1));
        JsonNode hosts = json.readTree(mvc.perform(get("/api/v1/hosts").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$[0].status").value("active"))
                .andExpect(jsonPath("$[0].hostname").value("web01.example.com"))
                .andExpect(jsonPath("$[0].os_type").value("Ubuntu")).andReturn().getResponse().getContentAsString());
        String hostId = hosts.get(0).path("id").asText();

        mvc.perform(get("/api/v1/hosts/" + hostId + "/packages").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.packages[*].name").value(org.hamcrest.Matchers.contains("openssl", "nginx", "curl")))
                .andExpect(jsonPath("$.packages[0].is_security_update").value(true))
                .andExpect(jsonPath("$.security_updates").value(1));
        mvc.perform(get("/api/v1/hosts/" + hostId + "/packages").param("updates_only", "true").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.total").value(2));
        mvc.perform(get("/api/v1/hosts/" + hostId + "/details").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.system.cpu_model").value("Intel Xeon E5-2680 v4"))
                .andExpect(jsonPath("$.system.cpu_cores").value(8))
                .andExpect(jsonPath("$.system.cpu_sockets").value(2))
                .andExpect(jsonPath("$.system.cpu_mhz").value(2400.0))
                .andExpect(jsonPath("$.system.hardware_vendor").value("Dell Inc."))
                .andExpect(jsonPath("$.system.hardware_product").value("PowerEdge R640"))
                .andExpect(jsonPath("$.system.hardware_serial").value("ABC1234"))
                .andExpect(jsonPath("$.system.kernel_version").value("5.4.0-74-generic"))
                .andExpect(jsonPath("$.system.swap_size").value(org.hamcrest.Matchers.nullValue()))
                .andExpect(jsonPath("$.repositories[0].is_secure").value(false))
                .andExpect(jsonPath("$.network_interfaces[0].mac_address").value("00:11:22:33:44:55"))
                .andExpect(jsonPath("$.network_interfaces[0].addresses[0].gateway").value("192.168.1.1"))
                .andExpect(jsonPath("$.repositories[0].url").value("http://archive.ubuntu.com/ubuntu"))
                .andExpect(jsonPath("$.network_interfaces[0].name").value("eth0"));
        mvc.perform(get("/api/v1/hosts/" + hostId + "/reports").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.reports[0].packages").value(3)).andExpect(jsonPath("$.reports[0].kind").value("full"));
        mvc.perform(get("/api/v1/hosts/" + hostId + "/reports").param("limit", "0").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest());

        mvc.perform(get("/api/v1/packages").param("sort", "status").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.packages[*].name").value(org.hamcrest.Matchers.contains("openssl", "nginx", "curl")))
                .andExpect(jsonPath("$.packages[0].status").value("security"))
                .andExpect(jsonPath("$.packages[0].hosts_installed").value(1))
                .andExpect(jsonPath("$.summary.outdated_packages").value(2))
                .andExpect(jsonPath("$.pagination.total").value(3));
        mvc.perform(get("/api/v1/packages").param("filter", "regular").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.packages[*].name").value(org.hamcrest.Matchers.contains("nginx")));
        mvc.perform(get("/api/v1/packages").param("host", hostId).param("search", "CUR").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.packages[*].name").value(org.hamcrest.Matchers.contains("curl")));
        mvc.perform(get("/api/v1/packages").param("limit", "30").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("limit"));

        ApiSession.Account rival = new ApiSession(mvc).signup();
        mvc.perform(get("/api/v1/packages").header("Authorization", rival.bearer())).andExpect(jsonPath("$.pagination.total").value(0));
        mvc.perform(get("/api/v1/packages").param("host", hostId).header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        for (String tab : new String[]{"packages", "details", "reports"}) {
            mvc.perform(get("/api/v1/hosts/" + hostId + "/" + tab).header("Authorization", rival.bearer()))
                    .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        }
    }

    @Test
    void badReportsAreRefusedAndChangeNothing() throws Exception {
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"packages\":[]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Packages are required for a full report"));
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"packages\":[{\"name\":\"a\",\"currentVersion\":\"1\",\"needsUpdate\":false}],\"hashes\":{\"packagesHash\":\"" + "0".repeat(64) + "\"}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("packages hash mismatch"));
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"packages\":\"lots\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"packages\":[{\"name\":\"a\"}],\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}"))
                .andExpect(status().isPayloadTooLarge());
        mvc.perform(get("/api/v1/hosts").header("Authorization", owner.bearer())).andExpect(jsonPath("$[0].status").value("pending"));
    }

    @Test
    void theInstallScriptCarriesASingleUseBootstrapTokenInsteadOfTheKey() throws Exception {
        String script = mvc.perform(get("/api/v1/hosts/install").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().string("Cache-Control", "no-store"))
                .andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(script).startsWith("#!/bin/sh").contains("PATCHMON_SERVER=\"http://localhost\"")
                .doesNotContain(apiKey).doesNotContain("__BOOTSTRAP_TOKEN__");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("install", ".sh");
        java.nio.file.Files.writeString(file, script);
        Process syntax = new ProcessBuilder("sh", "-n", file.toString()).redirectErrorStream(true).start();
        org.assertj.core.api.Assertions.assertThat(syntax.waitFor()).as(new String(syntax.getInputStream().readAllBytes())).isZero();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("BOOTSTRAP_TOKEN=\"([^\"]+)\"").matcher(script);
        org.assertj.core.api.Assertions.assertThat(token.find()).isTrue();

        mvc.perform(post("/api/v1/hosts/bootstrap/exchange").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("token", token.group(1)))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.apiId").value(apiId)).andExpect(jsonPath("$.apiKey").value(apiKey));
        mvc.perform(post("/api/v1/hosts/bootstrap/exchange").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("token", token.group(1)))))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid or expired bootstrap token"));
        mvc.perform(post("/api/v1/hosts/bootstrap/exchange").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/hosts/install")).andExpect(status().isUnauthorized());
    }

    private String installScript(String query) throws Exception {
        return mvc.perform(get("/api/v1/hosts/install" + query).header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void forceAndArchShapeTheServedScript() throws Exception {
        String plain = installScript("");
        String forced = installScript("?force=true&arch=ARM64");
        String windows = installScript("?os=windows&arch=arm64&force=true");

        org.assertj.core.api.Assertions.assertThat(plain).contains("FORCE_INSTALL=\"${FORCE_INSTALL:-false}\"").contains("ARCH=\"\"")
                .satisfies(ScriptPlaceholders::assertAllFilled);
        org.assertj.core.api.Assertions.assertThat(forced).contains("FORCE_INSTALL=\"${FORCE_INSTALL:-true}\"").contains("ARCH=\"arm64\"")
                .satisfies(ScriptPlaceholders::assertAllFilled);
        // Only the bootstrap token and these two lines differ: the options change nothing else.
        org.assertj.core.api.Assertions.assertThat(withoutTokenAndOptions(forced)).isEqualTo(withoutTokenAndOptions(plain));
        org.assertj.core.api.Assertions.assertThat(windows).contains("$Arch = 'arm64'").doesNotContain("FORCE_INSTALL").satisfies(ScriptPlaceholders::assertAllFilled);

        mvc.perform(get("/api/v1/hosts/install").param("arch", "sparc64").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Unsupported architecture: use amd64, arm64, arm or 386"));
        mvc.perform(get("/api/v1/hosts/install").param("arch", "amd64;reboot").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/hosts/install").param("force", "maybe").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isBadRequest());
    }

    private static String withoutTokenAndOptions(String script) {
        return script.replaceAll("BOOTSTRAP_TOKEN=\"[^\"]*\"", "").replaceAll("FORCE_INSTALL=\"\\$\\{FORCE_INSTALL:-[a-z]*}\"", "")
                .replaceAll("\nARCH=\"[a-z0-9]*\"", "");
    }

    private record Agent(String hostId, String apiId, String apiKey) {
    }

    private Agent agentOf(ApiSession.Account account, String name) throws Exception {
        JsonNode created = json.readTree(mvc.perform(post("/api/v1/hosts").header("Authorization", account.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("friendly_name", name, "groupIds", List.of()))))
                .andReturn().getResponse().getContentAsString());
        return new Agent(created.path("host").path("id").asText(), created.path("api_id").asText(), created.path("api_key").asText());
    }

    private TenantContext tenantOf(ApiSession.Account account) throws Exception {
        JsonNode me = json.readTree(mvc.perform(get("/api/v1/auth/me").header("Authorization", account.bearer())).andReturn().getResponse().getContentAsString());
        return TenantContext.system(new TenantId(me.path("tenant").path("id").asText()), "test");
    }

    @Test
    void eachOrganisationsAgentsReadThatOrganisationsUpdateInterval() throws Exception {
        ApiSession.Account rival = new ApiSession(mvc).signup();
        Agent theirs = agentOf(rival, "rival-01");
        TenantRepository tenants = new TenantRepository(store);
        TenantContext ours = tenantOf(owner);
        TenantSettings current = tenants.settings(ours);
        tenants.saveSettings(ours, new TenantSettings(current.selfRegistrationEnabled(), current.defaultRole(), current.passwordPolicy(),
                current.tfa(), 15, true));

        mvc.perform(get("/api/v1/settings/update-interval").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk()).andExpect(jsonPath("$.updateInterval").value(15));
        mvc.perform(get("/api/v1/settings/update-interval").header("X-API-ID", theirs.apiId()).header("X-API-KEY", theirs.apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.updateInterval").value(TenantSettings.DEFAULT_AGENT_UPDATE_INTERVAL));
    }

    @Test
    void aCheckInWithOneOrganisationsCredentialsNeverTouchesAnothersHost() throws Exception {
        ApiSession.Account rival = new ApiSession(mvc).signup();
        Agent theirs = agentOf(rival, "rival-01");
        // Active hosts: a check-in moves their last-seen time and reboot flag, so a leak would show.
        for (String[] credentials : new String[][] {{apiId, apiKey}, {theirs.apiId(), theirs.apiKey()}}) {
            mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", credentials[0]).header("X-API-KEY", credentials[1])
                    .contentType(MediaType.APPLICATION_JSON).content("{\"packages\":[{\"name\":\"bash\",\"currentVersion\":\"5.2\",\"needsUpdate\":false}],\"needsReboot\":false}"))
                    .andExpect(status().isOk());
        }
        String before = mvc.perform(get("/api/v1/hosts/" + theirs.hostId()).header("Authorization", rival.bearer()))
                .andReturn().getResponse().getContentAsString();
        Map<String, Object> ping = Map.of("hashes", Map.of("packagesHash", "c".repeat(64)), "metrics", Map.of("cpu", 99.0, "needsReboot", true),
                "agentVersion", "9.9.9");

        mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(ping)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.friendlyName").value("web-01"));
        // Mixed credentials are no credentials: neither host moves.
        for (String[] mixed : new String[][] {{theirs.apiId(), apiKey}, {apiId, theirs.apiKey()}}) {
            mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", mixed[0]).header("X-API-KEY", mixed[1])
                            .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(ping)))
                    .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid API credentials"));
        }

        mvc.perform(get("/api/v1/hosts/" + theirs.hostId()).header("Authorization", rival.bearer()))
                .andExpect(status().isOk()).andExpect(content().json(before, true));
        mvc.perform(get("/api/v1/hosts/" + theirs.hostId()).header("Authorization", owner.bearer())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/hosts").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].needs_reboot").value(true));
    }

    @Test
    void badCheckInsAreRefused() throws Exception {
        mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"hashes\":{\"packagesHash\":\"zz\"}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("hashes.packagesHash"));
        mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"hashes\": [1,2]}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", apiId).header("X-API-KEY", apiKey)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"metrics\":{\"pad\":\"" + "x".repeat(9000) + "\"}}"))
                .andExpect(status().isPayloadTooLarge()).andExpect(jsonPath("$.error").value("Request entity too large"));
        mvc.perform(post("/api/v1/hosts/ping").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("API credentials required"));
    }

    @Test
    void missingOrWrongCredentialsGetTheProtocolsErrors() throws Exception {
        mvc.perform(get("/api/v1/settings/update-interval"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("API credentials required"));
        mvc.perform(get("/api/v1/settings/update-interval").header("X-API-ID", apiId).header("X-API-KEY", "f".repeat(64)))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid API credentials"));
    }

    @Test
    void userAndAgentCredentialsNeverCross() throws Exception {
        mvc.perform(get("/api/v1/settings/update-interval").header("Authorization", owner.bearer()))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("API credentials required"));
        mvc.perform(get("/api/v1/hosts").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Access token required"));
    }

    @Test
    void regeneratedCredentialsRetireTheOldOnes() throws Exception {
        String hostId = json.readTree(mvc.perform(get("/api/v1/hosts").header("Authorization", owner.bearer()))
                .andReturn().getResponse().getContentAsString()).get(0).path("id").asText();
        mvc.perform(get("/api/v1/settings/update-interval").header("X-API-ID", apiId).header("X-API-KEY", apiKey)).andExpect(status().isOk());

        JsonNode fresh = json.readTree(mvc.perform(post("/api/v1/hosts/" + hostId + "/regenerate-credentials").header("Authorization", owner.bearer()))
                .andReturn().getResponse().getContentAsString());

        mvc.perform(get("/api/v1/settings/update-interval").header("X-API-ID", apiId).header("X-API-KEY", apiKey)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/settings/update-interval").header("X-API-ID", fresh.path("api_id").asText())
                .header("X-API-KEY", fresh.path("api_key").asText())).andExpect(status().isOk());
    }
}
