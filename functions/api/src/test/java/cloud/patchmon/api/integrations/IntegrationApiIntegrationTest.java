package cloud.patchmon.api.integrations;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
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
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The Integration API (chapter 31) and the gethomepage endpoints (chapter 27) through the real controllers and DynamoDB
 * Local: shapes, the validation order and its texts, scopes, IP allow-lists, credential types and tenant isolation.
 */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class IntegrationApiIntegrationTest {

    private static final String TOKENS = "/api/v1/auto-enrollment/tokens";
    private static final String HOSTS = "/api/v1/api/hosts";

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private ApiSession.Account rival;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        ApiSession session = new ApiSession(mvc);
        owner = session.signup();
        rival = session.signup();
    }

    record Token(String id, String key, String secret) {
        String basic() {
            return basic(key + ":" + secret);
        }

        static String basic(String credentials) {
            return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        }
    }

    record Agent(String hostId, String apiId, String apiKey) {
    }

    private JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private ResultActions asUser(MockHttpServletRequestBuilder request, ApiSession.Account account, Object body) throws Exception {
        request.header("Authorization", account.bearer());
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
        }
        return mvc.perform(request);
    }

    private Token token(ApiSession.Account account, String type, Map<String, Object> more) throws Exception {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("token_name", type + " " + UUID.randomUUID(), "metadata",
                Map.of("integration_type", type)));
        fields.putAll(more);
        JsonNode t = body(asUser(post(TOKENS), account, fields).andExpect(status().isCreated())).path("token");
        return new Token(t.path("id").asText(), t.path("token_key").asText(), t.path("token_secret").asText());
    }

    private Token apiToken(ApiSession.Account account, String... actions) throws Exception {
        return token(account, "api", Map.of("scopes", Map.of("host", List.of(actions))));
    }

    private String group(ApiSession.Account account, String name) throws Exception {
        return body(asUser(post("/api/v1/host-groups"), account, Map.of("name", name, "color", "#3B82F6")).andExpect(status().isCreated()))
                .path("id").asText();
    }

    private Agent host(ApiSession.Account account, String name, String... groupIds) throws Exception {
        JsonNode created = body(asUser(post("/api/v1/hosts"), account, Map.of("friendly_name", name, "groupIds", List.of(groupIds)))
                .andExpect(status().isCreated()));
        return new Agent(created.path("host").path("id").asText(), created.path("api_id").asText(), created.path("api_key").asText());
    }

    private void report(Agent agent, String osType, String osVersion, int plain) throws Exception {
        List<Map<String, Object>> packages = new ArrayList<>(List.of(
                Map.of("name", "nginx", "currentVersion", "1.18.0-0ubuntu1.5", "availableVersion", "1.24.0-2ubuntu1", "needsUpdate", true,
                        "isSecurityUpdate", false, "description", "High performance web server", "category", "web"),
                Map.of("name", "openssl", "currentVersion", "3.0.2-0ubuntu1.14", "availableVersion", "3.0.2-0ubuntu1.18", "needsUpdate", true,
                        "isSecurityUpdate", true, "description", "Secure Sockets Layer toolkit", "category", "security")));
        for (int i = 0; i < plain; i++) {
            packages.add(Map.of("name", "lib-" + i, "currentVersion", "1.0", "needsUpdate", false));
        }
        Map<String, Object> report = new java.util.HashMap<>();
        report.put("packages", packages);
        report.put("hostname", "web01.example.com");
        report.put("ip", "192.168.1.100");
        report.put("osType", osType);
        report.put("osVersion", osVersion);
        report.put("architecture", "x86_64");
        report.put("agentVersion", "1.5.0");
        report.put("needsReboot", true);
        report.put("rebootReason", "Kernel update pending");
        report.put("machineId", "abc123def456");
        report.put("kernelVersion", "6.8.0-45-generic");
        report.put("installedKernelVersion", "6.8.0-50-generic");
        report.put("selinuxStatus", "disabled");
        report.put("systemUptime", "15 days, 3:22:10");
        report.put("cpuModel", "Intel Xeon E5-2680 v4");
        report.put("cpuCores", 4);
        report.put("ramInstalled", 8192);
        report.put("swapSize", 2048);
        report.put("loadAverage", List.of(0.5, 0.3, 0.2));
        report.put("diskDetails", List.of(Map.of("device", "/dev/sda1", "mountPoint", "/", "size", "50G", "used", "22G", "available", "28G",
                "usedPercent", 44)));
        report.put("gatewayIp", "192.168.1.1");
        report.put("dnsServers", List.of("8.8.8.8", "8.8.4.4"));
        report.put("networkInterfaces", List.of(Map.of("name", "eth0", "type", "ethernet", "macAddress", "00:11:22:33:44:55",
                "addresses", List.of(Map.of("address", "192.168.1.100", "family", "inet", "netmask", "/24")))));
        report.put("repositories", List.of(Map.of("name", "ubuntu", "url", "http://archive.ubuntu.com/ubuntu", "distribution", "noble",
                "components", "main", "repoType", "deb", "isEnabled", true, "isSecure", false)));
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", agent.apiId()).header("X-API-KEY", agent.apiKey())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(report))).andExpect(status().isOk());
    }

    private ResultActions call(MockHttpServletRequestBuilder request, String authorization, String remoteAddr) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return mvc.perform(request.with(r -> {
            r.setRemoteAddr(remoteAddr);
            return r;
        }));
    }

    private ResultActions call(MockHttpServletRequestBuilder request, Token token) throws Exception {
        return call(request, token.basic(), "192.168.1.10");
    }

    @Test
    void listsHostsWithGroupsAndOptionalStatsFilteredByGroupNamesOrIds() throws Exception {
        String production = group(owner, "Production");
        String development = group(owner, "Development");
        group(owner, "Web Servers");
        Agent web = host(owner, "web-server-01", production);
        Agent dev = host(owner, "dev-01", development);
        host(owner, "lonely-01");
        report(web, "Ubuntu", "24.04 LTS", 3);
        Token token = apiToken(owner, "get");

        JsonNode all = body(call(get(HOSTS), token).andExpect(status().isOk()));
        assertThat(all.path("total").asInt()).isEqualTo(3);
        assertThat(all.has("filtered_by_groups")).as("only when filtering").isFalse();
        JsonNode first = all.path("hosts").get(2);
        assertThat(first.path("friendly_name").asText()).isEqualTo("web-server-01");
        assertThat(fieldNames(first)).containsExactly("id", "friendly_name", "hostname", "ip", "host_groups");
        assertThat(first.path("hostname").asText()).isEqualTo("web01.example.com");
        assertThat(first.path("ip").asText()).isEqualTo("192.168.1.100");
        assertThat(first.path("host_groups").get(0).path("id").asText()).isEqualTo(production);
        assertThat(fieldNames(first.path("host_groups").get(0))).containsExactly("id", "name");

        call(get(HOSTS).param("hostgroup", "Production"), token).andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.hosts[0].id").value(web.hostId()))
                .andExpect(jsonPath("$.filtered_by_groups[0]").value("Production"));
        call(get(HOSTS).param("hostgroup", "Production,Development"), token)
                .andExpect(jsonPath("$.hosts[*].id", containsInAnyOrder(web.hostId(), dev.hostId())))
                .andExpect(jsonPath("$.filtered_by_groups.length()").value(2));
        call(get(HOSTS).param("hostgroup", development), token).andExpect(jsonPath("$.hosts[0].id").value(dev.hostId()));
        call(get(HOSTS).param("hostgroup", "Production," + development), token).andExpect(jsonPath("$.total").value(2));
        call(get(HOSTS).param("hostgroup", "production"), token).andExpect(jsonPath("$.total").value(0))
                .andExpect(jsonPath("$.filtered_by_groups[0]").value("production"));
        call(get(HOSTS).param("hostgroup", "Web Servers"), token).andExpect(jsonPath("$.total").value(0))
                .andExpect(jsonPath("$.filtered_by_groups[0]").value("Web Servers"));

        JsonNode stats = body(call(get(HOSTS + "/").param("hostgroup", "Production").param("include", "stats"), token).andExpect(status().isOk()));
        JsonNode row = stats.path("hosts").get(0);
        assertThat(fieldNames(row)).containsExactly("id", "friendly_name", "hostname", "ip", "host_groups", "os_type", "os_version",
                "last_update", "status", "needs_reboot", "updates_count", "security_updates_count", "total_packages");
        assertThat(row.path("os_type").asText()).isEqualTo("Ubuntu");
        assertThat(row.path("os_version").asText()).isEqualTo("24.04 LTS");
        assertThat(row.path("status").asText()).isEqualTo("active");
        assertThat(row.path("needs_reboot").asBoolean()).isTrue();
        assertThat(row.path("updates_count").asInt()).isEqualTo(2);
        assertThat(row.path("security_updates_count").asInt()).isEqualTo(1);
        assertThat(row.path("total_packages").asInt()).isEqualTo(5);
        assertThat(row.path("last_update").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void singleHostViewsHaveTheChaptersFields() throws Exception {
        String production = group(owner, "Production");
        Agent web = host(owner, "web-server-01", production);
        report(web, "Ubuntu", "24.04 LTS", 3);
        asUser(patch("/api/v1/hosts/" + web.hostId()), owner, Map.of("notes", "Production web server.")).andExpect(status().isOk());
        Token token = apiToken(owner, "get");
        String at = HOSTS + "/" + web.hostId();

        call(get(at + "/stats"), token).andExpect(status().isOk()).andExpect(jsonPath("$.host_id").value(web.hostId()))
                .andExpect(jsonPath("$.total_installed_packages").value(5)).andExpect(jsonPath("$.outdated_packages").value(2))
                .andExpect(jsonPath("$.security_updates").value(1)).andExpect(jsonPath("$.total_repos").value(1));
        call(get(at + "/info"), token).andExpect(status().isOk()).andExpect(jsonPath("$.id").value(web.hostId()))
                .andExpect(jsonPath("$.machine_id").value("abc123def456")).andExpect(jsonPath("$.friendly_name").value("web-server-01"))
                .andExpect(jsonPath("$.hostname").value("web01.example.com")).andExpect(jsonPath("$.ip").value("192.168.1.100"))
                .andExpect(jsonPath("$.os_type").value("Ubuntu")).andExpect(jsonPath("$.os_version").value("24.04 LTS"))
                .andExpect(jsonPath("$.agent_version").value("1.5.0")).andExpect(jsonPath("$.host_groups[0].name").value("Production"));
        call(get(at + "/network"), token).andExpect(status().isOk()).andExpect(jsonPath("$.gateway_ip").value("192.168.1.1"))
                .andExpect(jsonPath("$.dns_servers[1]").value("8.8.4.4")).andExpect(jsonPath("$.network_interfaces[0].name").value("eth0"))
                .andExpect(jsonPath("$.network_interfaces[0].ip").value("192.168.1.100"))
                .andExpect(jsonPath("$.network_interfaces[0].mac").value("00:11:22:33:44:55"));
        call(get(at + "/system"), token).andExpect(status().isOk()).andExpect(jsonPath("$.architecture").value("x86_64"))
                .andExpect(jsonPath("$.kernel_version").value("6.8.0-45-generic"))
                .andExpect(jsonPath("$.installed_kernel_version").value("6.8.0-50-generic"))
                .andExpect(jsonPath("$.selinux_status").value("disabled")).andExpect(jsonPath("$.system_uptime").value("15 days, 3:22:10"))
                .andExpect(jsonPath("$.cpu_model").value("Intel Xeon E5-2680 v4")).andExpect(jsonPath("$.cpu_cores").value(4))
                .andExpect(jsonPath("$.ram_installed").value(8192)).andExpect(jsonPath("$.swap_size").value(2048))
                .andExpect(jsonPath("$.load_average.1min").value(0.5)).andExpect(jsonPath("$.load_average.15min").value(0.2))
                .andExpect(jsonPath("$.disk_details[0].filesystem").value("/dev/sda1"))
                .andExpect(jsonPath("$.disk_details[0].use_percent").value("44%"))
                .andExpect(jsonPath("$.disk_details[0].mounted_on").value("/"))
                .andExpect(jsonPath("$.needs_reboot").value(true)).andExpect(jsonPath("$.reboot_reason").value("Kernel update pending"));
        call(get(at + "/notes"), token).andExpect(status().isOk()).andExpect(jsonPath("$.host_id").value(web.hostId()))
                .andExpect(jsonPath("$.notes").value("Production web server."));
        JsonNode integrations = body(call(get(at + "/integrations"), token).andExpect(status().isOk()));
        assertThat(fieldNames(integrations.path("integrations").path("docker"))).containsExactly("enabled", "description");
        assertThat(integrations.path("integrations").path("docker").path("enabled").asBoolean()).isFalse();

        JsonNode reports = body(call(get(at + "/package_reports").param("limit", "1"), token).andExpect(status().isOk()));
        assertThat(reports.path("total").asInt()).isEqualTo(1);
        assertThat(fieldNames(reports.path("reports").get(0))).containsExactly("id", "status", "date", "total_packages", "outdated_packages",
                "security_updates", "payload_kb", "execution_time_seconds", "error_message");
        assertThat(reports.path("reports").get(0).path("status").asText()).isEqualTo("success");
        assertThat(reports.path("reports").get(0).path("outdated_packages").asInt()).isEqualTo(2);
        call(get(at + "/package_reports").param("limit", "0"), token).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("limit"));
        call(get(at + "/package_reports").param("limit", "ten"), token).andExpect(status().isBadRequest());
    }

    @Test
    void packagesComeSecurityFirstThenUpdatesAndCanBeLimitedToUpdates() throws Exception {
        Agent web = host(owner, "web-server-01");
        report(web, "Ubuntu", "24.04 LTS", 30);
        Token token = apiToken(owner, "get");

        JsonNode all = body(call(get(HOSTS + "/" + web.hostId() + "/packages"), token).andExpect(status().isOk()));
        assertThat(all.path("total").asInt()).isEqualTo(32);
        assertThat(all.path("host").path("friendly_name").asText()).isEqualTo("web-server-01");
        assertThat(all.path("packages").get(0).path("name").asText()).isEqualTo("openssl");
        assertThat(all.path("packages").get(1).path("name").asText()).isEqualTo("nginx");
        assertThat(all.path("packages").get(2).path("needs_update").asBoolean()).isFalse();
        assertThat(all.path("packages").get(2).path("available_version").isNull()).isTrue();
        assertThat(all.path("packages").get(0).path("description").asText()).as("from the fleet catalogue, >25 packages")
                .isEqualTo("Secure Sockets Layer toolkit");

        JsonNode updates = body(call(get(HOSTS + "/" + web.hostId() + "/packages").param("updates_only", "true"), token));
        assertThat(updates.path("total").asInt()).isEqualTo(2);
        JsonNode nginx = updates.path("packages").get(1);
        assertThat(fieldNames(nginx)).containsExactly("id", "name", "description", "category", "current_version", "available_version",
                "needs_update", "is_security_update", "last_checked");
        assertThat(nginx.path("description").asText()).isEqualTo("High performance web server");
        assertThat(nginx.path("category").asText()).isEqualTo("web");
        assertThat(nginx.path("current_version").asText()).isEqualTo("1.18.0-0ubuntu1.5");
        assertThat(nginx.path("available_version").asText()).isEqualTo("1.24.0-2ubuntu1");
        assertThat(nginx.path("is_security_update").asBoolean()).isFalse();
        assertThat(updates.path("packages").get(0).path("is_security_update").asBoolean()).isTrue();
        assertThat(nginx.path("id").asText()).isEqualTo(all.path("packages").get(1).path("id").asText());
    }

    @Test
    void deletingNeedsTheDeleteScopeAValidUuidAndCascadesLikeTheWebApp() throws Exception {
        String production = group(owner, "Production");
        Agent web = host(owner, "web-server-01", production);
        report(web, "Ubuntu", "24.04 LTS", 1);
        Token reader = apiToken(owner, "get");
        Token deleter = apiToken(owner, "delete");

        call(delete(HOSTS + "/" + web.hostId()), reader).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("Access denied"))
                .andExpect(jsonPath("$.message").value("This API key does not have permission to delete host"));
        call(get(HOSTS), deleter).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.message").value("This API key does not have permission to get host"));
        call(delete(HOSTS + "/not-a-uuid"), deleter).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid host ID format"));
        call(delete(HOSTS + "/" + UUID.randomUUID()), deleter).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));

        call(delete(HOSTS + "/" + web.hostId()), deleter).andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Host deleted successfully"))
                .andExpect(jsonPath("$.deleted.id").value(web.hostId()))
                .andExpect(jsonPath("$.deleted.friendly_name").value("web-server-01"))
                .andExpect(jsonPath("$.deleted.hostname").value("web01.example.com"));
        call(get(HOSTS + "/" + web.hostId() + "/stats"), reader).andExpect(status().isNotFound());
        asUser(get("/api/v1/hosts/" + web.hostId()), owner, null).andExpect(status().isNotFound());
        asUser(get("/api/v1/packages"), owner, null).andExpect(jsonPath("$.packages.length()").value(0));
        asUser(get("/api/v1/host-groups/" + production), owner, null).andExpect(jsonPath("$.host_count").value(0));
        mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", web.apiId()).header("X-API-KEY", web.apiKey()))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void eachValidationStepRefusesInTheSpecsOrderWithItsOwnText() throws Exception {
        Token good = apiToken(owner, "get");
        refused(null, 401, "Missing or invalid authorization header");
        refused("Bearer " + good.secret(), 401, "Missing or invalid authorization header");
        refused("Basic !!!not-base64!!!", 401, "Invalid credentials format");
        refused(Token.basic(good.key() + good.secret()), 401, "Invalid credentials format");
        refused(Token.basic("patchmon_ae_nosuchkey:" + good.secret()), 401, "Invalid API key");
        refused(Token.basic(":" + good.secret()), 401, "Invalid API key");

        Token disabled = apiToken(owner, "get");
        asUser(patch(TOKENS + "/" + disabled.id()), owner, Map.of("is_active", false)).andExpect(status().isOk());
        refused(disabled.basic(), 401, "API key is disabled");
        refused(Token.basic(disabled.key() + ":wrong"), 401, "API key is disabled");

        Token expired = token(owner, "api", Map.of("scopes", Map.of("host", List.of("get")), "expires_at", "2020-01-01T00:00:00Z"));
        refused(expired.basic(), 401, "API key has expired");
        refused(Token.basic(expired.key() + ":wrong"), 401, "API key has expired");

        Token proxmox = token(owner, "proxmox-lxc", Map.of());
        refused(proxmox.basic(), 401, "Invalid API key type");
        refused(Token.basic(proxmox.key() + ":wrong"), 401, "Invalid API key type");

        refused(Token.basic(good.key() + ":wrong"), 401, "Invalid API secret");
        refused(Token.basic(good.key() + ":"), 401, "Invalid API secret");

        Token fenced = token(owner, "api", Map.of("scopes", Map.of("host", List.of("get")), "allowed_ip_ranges", List.of("10.9.9.9")));
        call(get(HOSTS), Token.basic(fenced.key() + ":wrong"), "192.168.1.10").andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("Invalid API secret"));
        call(get(HOSTS), fenced.basic(), "192.168.1.10").andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("IP address not allowed"));

        Token noHost = token(owner, "api", Map.of("scopes", Map.of("host", List.of("delete"))));
        call(get(HOSTS), noHost.basic(), "192.168.1.10").andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("Access denied"))
                .andExpect(jsonPath("$.message").value("This API key does not have permission to get host"));
        call(get(HOSTS), good).andExpect(status().isOk());
        call(get(HOSTS), "basic " + good.basic().substring(6), "192.168.1.10").andExpect(status().isOk());
    }

    private void refused(String authorization, int status, String error) throws Exception {
        call(get(HOSTS), authorization, "192.168.1.10").andExpect(status().is(status)).andExpect(jsonPath("$.error").value(error));
    }

    @Test
    void scopesAreValidatedAtCreationAndNeverImplyOneAnother() throws Exception {
        asUser(post(TOKENS), owner, Map.of("token_name", "No scopes", "metadata", Map.of("integration_type", "api")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("scopes"));
        asUser(post(TOKENS), owner, Map.of("token_name", "Empty", "metadata", Map.of("integration_type", "api"), "scopes", Map.of("host", List.of())))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("scopes"));
        asUser(post(TOKENS), owner, Map.of("token_name", "Wildcard", "metadata", Map.of("integration_type", "api"), "scopes", Map.of("host", List.of("*"))))
                .andExpect(status().isBadRequest());
        asUser(post(TOKENS), owner, Map.of("token_name", "Unknown", "metadata", Map.of("integration_type", "api"), "scopes", Map.of("users", List.of("get"))))
                .andExpect(status().isBadRequest());
        asUser(get(TOKENS), owner, null).andExpect(jsonPath("$.length()").value(0));

        Token token = apiToken(owner, "get");
        asUser(patch(TOKENS + "/" + token.id()), owner, Map.of("scopes", Map.of())).andExpect(status().isBadRequest());
        Agent web = host(owner, "web-01");
        call(delete(HOSTS + "/" + web.hostId()), token).andExpect(status().isForbidden());
        asUser(patch(TOKENS + "/" + token.id()), owner, Map.of("scopes", Map.of("host", List.of("delete")))).andExpect(status().isOk());
        call(get(HOSTS), token).andExpect(status().isForbidden()).andExpect(jsonPath("$.message").value("This API key does not have permission to get host"));
    }

    @Test
    void ipAllowListsTakeExactAddressesCidrsAndIpv4MappedIpv6() throws Exception {
        Token token = token(owner, "api", Map.of("scopes", Map.of("host", List.of("get")),
                "allowed_ip_ranges", List.of("192.168.1.100", "10.0.0.0/24", "2001:db8::/32")));
        for (String allowed : List.of("192.168.1.100", "10.0.0.7", "10.0.0.255", "::ffff:10.0.0.9", "::ffff:192.168.1.100", "2001:db8::1")) {
            call(get(HOSTS), token.basic(), allowed).andExpect(status().isOk());
        }
        for (String refused : List.of("192.168.1.101", "10.0.1.1", "::ffff:10.0.1.1", "2001:db9::1", "127.0.0.1")) {
            call(get(HOSTS), token.basic(), refused).andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("IP address not allowed"));
        }
        Token mapped = token(owner, "api", Map.of("scopes", Map.of("host", List.of("get")), "allowed_ip_ranges", List.of("::ffff:172.16.0.0/108")));
        call(get(HOSTS), mapped.basic(), "172.16.5.5").andExpect(status().isOk());
        call(get(HOSTS), mapped.basic(), "172.32.0.1").andExpect(status().isForbidden());
    }

    @Test
    void aCredentialOfOneTypeNeverWorksOnAnotherTypesRoutes() throws Exception {
        Token api = apiToken(owner, "get", "delete");
        Token homepage = token(owner, "gethomepage", Map.of());
        Token proxmox = token(owner, "proxmox-lxc", Map.of());
        Agent web = host(owner, "web-01");

        call(get("/api/v1/gethomepage/stats"), api).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid API key type"));
        call(get("/api/v1/gethomepage/health"), api).andExpect(status().isUnauthorized());
        call(get(HOSTS), homepage).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid API key type"));
        call(get("/api/v1/gethomepage/stats"), proxmox).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid API key type"));
        call(get("/api/v1/gethomepage/stats"), homepage).andExpect(status().isOk());

        for (Token integration : List.of(api, homepage)) {
            mvc.perform(post("/api/v1/auto-enrollment/enroll").header("X-Auto-Enrollment-Key", integration.key())
                            .header("X-Auto-Enrollment-Secret", integration.secret()).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"friendly_name\":\"sneaky\"}"))
                    .andExpect(status().isUnauthorized());
            mvc.perform(get("/api/v1/auto-enrollment/script").param("type", "direct-host").param("token_key", integration.key())
                    .param("token_secret", integration.secret())).andExpect(status().isUnauthorized());
            mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", integration.key()).header("X-API-KEY", integration.secret()))
                    .andExpect(status().isUnauthorized());
            mvc.perform(get("/api/v1/hosts").header("Authorization", integration.basic())).andExpect(status().isUnauthorized());
        }
        asUser(get("/api/v1/hosts"), owner, null).andExpect(jsonPath("$.length()").value(1));

        mvc.perform(get(HOSTS).header("X-API-ID", web.apiId()).header("X-API-KEY", web.apiKey()))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Missing or invalid authorization header"));
        call(get(HOSTS), Token.basic(web.apiId() + ":" + web.apiKey()), "192.168.1.10").andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("Invalid API key"));
        mvc.perform(get(HOSTS).header("X-Auto-Enrollment-Key", proxmox.key()).header("X-Auto-Enrollment-Secret", proxmox.secret()))
                .andExpect(status().isUnauthorized());
        asUser(get(HOSTS), owner, null).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Missing or invalid authorization header"));
        asUser(get("/api/v1/gethomepage/stats"), owner, null).andExpect(status().isUnauthorized());
    }

    @Test
    void aCredentialOfOneTenantGets404ForEveryIdOfAnother() throws Exception {
        String theirGroup = group(rival, "Production");
        Agent theirs = host(rival, "their-host", theirGroup);
        report(theirs, "Debian", "12", 1);
        String ourGroup = group(owner, "Production");
        Agent ours = host(owner, "our-host", ourGroup);
        Token token = apiToken(owner, "get", "delete");

        for (String view : List.of("/stats", "/info", "/network", "/system", "/packages", "/packages?updates_only=true", "/package_reports",
                "/package_reports?limit=5", "/notes", "/integrations")) {
            call(get(HOSTS + "/" + theirs.hostId() + view), token).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        }
        call(delete(HOSTS + "/" + theirs.hostId()), token).andExpect(status().isNotFound());
        call(get(HOSTS).param("hostgroup", theirGroup), token).andExpect(jsonPath("$.total").value(0));
        call(get(HOSTS).param("hostgroup", "Production"), token).andExpect(jsonPath("$.hosts[0].id").value(ours.hostId()))
                .andExpect(jsonPath("$.total").value(1));
        call(get(HOSTS).param("include", "stats"), token).andExpect(jsonPath("$.hosts.length()").value(1));
        asUser(get("/api/v1/hosts/" + theirs.hostId()), rival, null).andExpect(status().isOk());
    }

    @Test
    void useIsRecordedAsLastUsedAt() throws Exception {
        Token token = apiToken(owner, "get");
        asUser(get(TOKENS + "/" + token.id()), owner, null).andExpect(jsonPath("$.last_used_at").value(nullValue()));
        call(get(HOSTS), token).andExpect(status().isOk());
        JsonNode after = body(asUser(get(TOKENS + "/" + token.id()), owner, null));
        assertThat(after.path("last_used_at").asText()).matches("\\d{4}-.*Z");
        assertThat(after.path("hosts_created_today").asInt()).isZero();
    }

    @Test
    void gethomepageStatsCountActiveHostsTheirUpdatesReposReportsAndOperatingSystems() throws Exception {
        Token homepage = token(owner, "gethomepage", Map.of("token_name", "GetHomepage dashboard"));
        JsonNode empty = body(call(get("/api/v1/gethomepage/stats"), homepage).andExpect(status().isOk()));
        assertThat(empty.path("total_hosts").asInt()).isZero();
        assertThat(empty.path("top_os_1_name").asText()).isEqualTo("None");
        assertThat(empty.path("top_os_1_count").asInt()).isZero();

        for (int i = 0; i < 2; i++) {
            report(host(owner, "ubuntu-" + i), "Ubuntu", "22.04", i);
        }
        Agent debian = host(owner, "debian-0");
        report(debian, "Debian", "12", 0);
        report(debian, "Debian", "12", 0);
        host(owner, "pending-0");
        report(host(rival, "their-host"), "Rocky Linux", "9", 0);

        JsonNode stats = body(call(get("/api/v1/gethomepage/stats/"), homepage).andExpect(status().isOk()));
        assertThat(fieldNames(stats)).containsExactly("total_hosts", "total_outdated_packages", "total_repos", "hosts_needing_updates",
                "up_to_date_hosts", "security_updates", "hosts_with_security_updates", "recent_updates_24h", "os_distribution",
                "top_os_1_name", "top_os_1_count", "top_os_2_name", "top_os_2_count", "top_os_3_name", "top_os_3_count", "last_updated");
        assertThat(stats.path("total_hosts").asInt()).isEqualTo(3);
        assertThat(stats.path("hosts_needing_updates").asInt()).isEqualTo(3);
        assertThat(stats.path("up_to_date_hosts").asInt()).isZero();
        assertThat(stats.path("total_outdated_packages").asInt()).isEqualTo(6);
        assertThat(stats.path("security_updates").asInt()).isEqualTo(3);
        assertThat(stats.path("hosts_with_security_updates").asInt()).isEqualTo(3);
        assertThat(stats.path("total_repos").asInt()).isEqualTo(1);
        assertThat(stats.path("recent_updates_24h").asInt()).isEqualTo(4);
        assertThat(stats.path("top_os_1_name").asText()).isEqualTo("Ubuntu");
        assertThat(stats.path("top_os_1_count").asInt()).isEqualTo(2);
        assertThat(stats.path("top_os_2_name").asText()).isEqualTo("Debian");
        assertThat(stats.path("top_os_3_name").asText()).isEqualTo("None");
        JsonNode os = stats.path("os_distribution").get(0);
        assertThat(fieldNames(os)).containsExactly("name", "count", "os_type", "os_version");
        assertThat(os.path("os_type").asText()).isEqualTo("linux");
        assertThat(os.path("os_version").asText()).isEqualTo("22.04");

        call(get("/api/v1/gethomepage/health"), homepage).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ok"))
                .andExpect(jsonPath("$.api_key").value("GetHomepage dashboard"))
                .andExpect(jsonPath("$.timestamp").isString());
        call(get("/api/v1/gethomepage/stats"), (String) null, "192.168.1.10").andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("Missing or invalid authorization header"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
