package cloud.patchmon.e2e.integrations;

import cloud.patchmon.e2e.harness.LocalStackProcess;
import cloud.patchmon.e2e.harness.StackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chapter 31's and chapter 27's examples, request by request, against the real local stack over HTTP: every documented
 * route with the example's query strings (URL-encoded group names and the Ansible plugin's trailing slash included), the
 * field names of every example response, the error table's texts, and the example clients of {@code tests/clients}
 * (Python with the standard library, Node with fetch) run as an integrator would run them.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationApiEndToEndTest {

    private final LocalStackProcess stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String bearer;
    private String production;
    private String development;
    private String webId;
    private String devId;
    private Credential api;
    private Credential reader;
    private Credential homepage;

    IntegrationApiEndToEndTest(LocalStackProcess stack) {
        this.stack = stack;
    }

    record Response(int status, String body, JsonNode json) {
    }

    record Credential(String key, String secret) {
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
        }
    }

    private Response send(String method, String path, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(stack.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = response.body().isEmpty() ? MissingNode.getInstance() : json.readTree(response.body());
            } catch (IOException notJson) {
                parsed = MissingNode.getInstance();
            }
            return new Response(response.statusCode(), response.body(), parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode admin(String method, String path, Object body, int expected) {
        Response response = send(method, path, Map.of("Authorization", bearer), body);
        assertThat(response.status()).as(method + " " + path + " " + response.body()).isEqualTo(expected);
        return response.json();
    }

    private Response as(Credential credential, String method, String path) {
        return send(method, path, Map.of("Authorization", credential.basic()), null);
    }

    private JsonNode ok(Credential credential, String path) {
        Response response = as(credential, "GET", path);
        assertThat(response.status()).as("GET " + path + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    private Credential token(String type, Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>(Map.of("token_name", type.equals("gethomepage") ? "GetHomepage dashboard" : "Ansible Inventory",
                "metadata", Map.of("integration_type", type)));
        body.putAll(more);
        JsonNode token = admin("POST", "/api/v1/auto-enrollment/tokens", body, 201).path("token");
        assertThat(token.path("token_key").asText()).startsWith("patchmon_ae_");
        return new Credential(token.path("token_key").asText(), token.path("token_secret").asText());
    }

    private String host(String name, List<String> groups, String ip, int plainPackages, String osType, String osVersion) {
        JsonNode created = admin("POST", "/api/v1/hosts", Map.of("friendly_name", name, "groupIds", groups), 201);
        List<Map<String, Object>> packages = new ArrayList<>(List.of(
                Map.of("name", "nginx", "description", "High performance web server", "category", "web", "currentVersion", "1.18.0-0ubuntu1.5",
                        "availableVersion", "1.24.0-2ubuntu1", "needsUpdate", true, "isSecurityUpdate", false),
                Map.of("name", "openssl", "description", "Secure Sockets Layer toolkit", "category", "security",
                        "currentVersion", "3.0.2-0ubuntu1.14", "availableVersion", "3.0.2-0ubuntu1.18", "needsUpdate", true, "isSecurityUpdate", true)));
        for (int i = 0; i < plainPackages; i++) {
            packages.add(Map.of("name", "lib" + i, "currentVersion", "1.0", "needsUpdate", false));
        }
        Map<String, Object> report = new HashMap<>();
        report.put("packages", packages);
        report.put("hostname", name.replace("-server", "") + ".example.com");
        report.put("ip", ip);
        report.put("osType", osType);
        report.put("osVersion", osVersion);
        report.put("architecture", "x86_64");
        report.put("agentVersion", "1.5.0");
        report.put("machineId", "abc123def456");
        report.put("needsReboot", false);
        report.put("networkInterfaces", List.of(Map.of("name", "eth0", "macAddress", "00:11:22:33:44:55",
                "addresses", List.of(Map.of("address", ip, "family", "inet")))));
        Response reported = send("POST", "/api/v1/hosts/update", Map.of("X-API-ID", created.path("api_id").asText(),
                "X-API-KEY", created.path("api_key").asText()), report);
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        return created.path("host").path("id").asText();
    }

    @BeforeAll
    void anOrganisationWithGroupsHostsAndCredentials() {
        String username = "integrator" + UUID.randomUUID().toString().substring(0, 8);
        Response signup = send("POST", "/api/v1/auth/signup", Map.of(), Map.of("tenant_name", "Integrations " + username, "username", username,
                "email", username + "@example.test", "password", "Sup3r-Secret!"));
        bearer = "Bearer " + signup.json().path("token").asText();
        production = admin("POST", "/api/v1/host-groups", Map.of("name", "Production", "color", "#3B82F6"), 201).path("id").asText();
        development = admin("POST", "/api/v1/host-groups", Map.of("name", "Development", "color", "#10B981"), 201).path("id").asText();
        admin("POST", "/api/v1/host-groups", Map.of("name", "Web Servers", "color", "#F59E0B"), 201);
        webId = host("web-server-01", List.of(production), "192.168.1.100", 40, "Ubuntu", "24.04 LTS");
        devId = host("dev-server-01", List.of(development), "192.168.1.101", 3, "Debian", "12");
        api = token("api", Map.of("scopes", Map.of("host", List.of("get", "delete"))));
        reader = token("api", Map.of("scopes", Map.of("host", List.of("get"))));
        homepage = token("gethomepage", Map.of());
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theListHostsExamplesAnswerAsDocumented() {
        JsonNode all = ok(api, "/api/v1/api/hosts");
        assertThat(fields(all)).containsExactly("hosts", "total");
        assertThat(all.path("total").asInt()).isEqualTo(2);
        JsonNode first = all.path("hosts").get(0);
        assertThat(fields(first)).containsExactly("id", "friendly_name", "hostname", "ip", "host_groups");
        assertThat(first.path("friendly_name").asText()).isEqualTo("dev-server-01");

        JsonNode production = ok(api, "/api/v1/api/hosts?hostgroup=Production");
        assertThat(fields(production)).containsExactly("hosts", "total", "filtered_by_groups");
        assertThat(production.path("hosts").get(0).path("host_groups").get(0).path("name").asText()).isEqualTo("Production");
        assertThat(production.path("filtered_by_groups").get(0).asText()).isEqualTo("Production");
        assertThat(ok(api, "/api/v1/api/hosts?hostgroup=Production,Development").path("total").asInt()).isEqualTo(2);
        assertThat(ok(api, "/api/v1/api/hosts?hostgroup=" + this.production).path("hosts").get(0).path("id").asText()).isEqualTo(webId);
        assertThat(ok(api, "/api/v1/api/hosts?hostgroup=Production," + development).path("total").asInt()).isEqualTo(2);
        JsonNode spaced = ok(api, "/api/v1/api/hosts?hostgroup=Web%20Servers");
        assertThat(spaced.path("total").asInt()).isZero();
        assertThat(spaced.path("filtered_by_groups").get(0).asText()).isEqualTo("Web Servers");
        assertThat(ok(api, "/api/v1/api/hosts/").path("total").asInt()).as("the Ansible plugin's api_url").isEqualTo(2);
        assertThat(ok(api, "/api/v1/api/hosts/?hostgroup=Production").path("total").asInt()).isEqualTo(1);

        JsonNode stats = ok(api, "/api/v1/api/hosts?hostgroup=Production&include=stats").path("hosts").get(0);
        assertThat(fields(stats)).containsExactly("id", "friendly_name", "hostname", "ip", "host_groups", "os_type", "os_version",
                "last_update", "status", "needs_reboot", "updates_count", "security_updates_count", "total_packages");
        assertThat(stats.path("os_type").asText()).isEqualTo("Ubuntu");
        assertThat(stats.path("updates_count").asInt()).isEqualTo(2);
        assertThat(stats.path("security_updates_count").asInt()).isEqualTo(1);
        assertThat(stats.path("total_packages").asInt()).isEqualTo(42);
        assertThat(ok(api, "/api/v1/api/hosts?include=stats").path("hosts").size()).isEqualTo(2);
    }

    @Test
    void theSingleHostExamplesAnswerAsDocumented() {
        String at = "/api/v1/api/hosts/" + webId;
        assertThat(fields(ok(api, at + "/stats"))).containsExactly("host_id", "total_installed_packages", "outdated_packages", "security_updates",
                "total_repos");
        assertThat(fields(ok(api, at + "/info"))).containsExactly("id", "machine_id", "friendly_name", "hostname", "ip", "os_type", "os_version",
                "agent_version", "host_groups");
        JsonNode network = ok(api, at + "/network");
        assertThat(fields(network)).containsExactly("id", "ip", "gateway_ip", "dns_servers", "network_interfaces");
        assertThat(fields(network.path("network_interfaces").get(0))).containsExactly("name", "ip", "mac");
        assertThat(fields(ok(api, at + "/system"))).containsExactly("id", "architecture", "kernel_version", "installed_kernel_version",
                "selinux_status", "system_uptime", "cpu_model", "cpu_cores", "ram_installed", "swap_size", "load_average", "disk_details",
                "needs_reboot", "reboot_reason");
        JsonNode packages = ok(api, at + "/packages");
        assertThat(fields(packages)).containsExactly("host", "packages", "total");
        assertThat(packages.path("total").asInt()).isEqualTo(42);
        assertThat(packages.path("packages").get(0).path("name").asText()).isEqualTo("openssl");
        JsonNode updates = ok(api, at + "/packages?updates_only=true");
        assertThat(updates.path("total").asInt()).isEqualTo(2);
        assertThat(fields(updates.path("packages").get(1))).containsExactly("id", "name", "description", "category", "current_version",
                "available_version", "needs_update", "is_security_update", "last_checked");
        assertThat(updates.path("packages").get(1).path("description").asText()).isEqualTo("High performance web server");
        JsonNode reports = ok(api, at + "/package_reports?limit=10");
        assertThat(fields(reports)).containsExactly("host_id", "reports", "total");
        assertThat(reports.path("total").asInt()).isEqualTo(1);
        assertThat(fields(ok(api, at + "/notes"))).containsExactly("host_id", "notes");
        JsonNode integrations = ok(api, at + "/integrations");
        assertThat(integrations.path("integrations").path("docker").path("description").asText())
                .isEqualTo("Monitor Docker containers, images, volumes, and networks. Collects real-time container status events.");
    }

    @Test
    void theErrorTableTextsComeBackOverHttp() {
        Response unknownHost = as(api, "GET", "/api/v1/api/hosts/" + UUID.randomUUID() + "/stats");
        assertThat(unknownHost.status()).isEqualTo(404);
        assertThat(unknownHost.json().path("error").asText()).isEqualTo("Host not found");
        assertThat(as(api, "DELETE", "/api/v1/api/hosts/HOST_UUID").json().path("error").asText()).isEqualTo("Invalid host ID format");
        Response denied = as(reader, "DELETE", "/api/v1/api/hosts/" + devId);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("error").asText()).isEqualTo("Access denied");
        assertThat(denied.json().path("message").asText()).isEqualTo("This API key does not have permission to delete host");

        assertThat(send("GET", "/api/v1/api/hosts", Map.of(), null).json().path("error").asText()).isEqualTo("Missing or invalid authorization header");
        assertThat(send("GET", "/api/v1/api/hosts", Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())), null)
                .json().path("error").asText()).isEqualTo("Invalid credentials format");
        assertThat(as(new Credential("patchmon_ae_missing", "x"), "GET", "/api/v1/api/hosts").json().path("error").asText()).isEqualTo("Invalid API key");
        assertThat(as(new Credential(api.key(), "wrong"), "GET", "/api/v1/api/hosts").json().path("error").asText()).isEqualTo("Invalid API secret");
        Response wrongType = as(homepage, "GET", "/api/v1/api/hosts");
        assertThat(wrongType.status()).isEqualTo(401);
        assertThat(wrongType.json().path("error").asText()).isEqualTo("Invalid API key type");
        Credential fenced = token("api", Map.of("scopes", Map.of("host", List.of("get")), "allowed_ip_ranges", List.of("203.0.113.0/24")));
        Response outside = as(fenced, "GET", "/api/v1/api/hosts");
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.json().path("error").asText()).isEqualTo("IP address not allowed");
        Credential local = token("api", Map.of("scopes", Map.of("host", List.of("get")), "allowed_ip_ranges", List.of("127.0.0.0/8", "::1")));
        assertThat(as(local, "GET", "/api/v1/api/hosts").status()).isEqualTo(200);
    }

    @Test
    void deletingAHostAnswersAsDocumentedAndRemovesIt() {
        String doomed = host("doomed-01", List.of(), "192.168.1.150", 1, "Ubuntu", "24.04 LTS");
        Response deleted = as(api, "DELETE", "/api/v1/api/hosts/" + doomed);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("message").asText()).isEqualTo("Host deleted successfully");
        assertThat(fields(deleted.json().path("deleted"))).containsExactly("id", "friendly_name", "hostname");
        assertThat(as(api, "GET", "/api/v1/api/hosts/" + doomed + "/info").status()).isEqualTo(404);
        assertThat(as(api, "DELETE", "/api/v1/api/hosts/" + doomed).status()).isEqualTo(404);
    }

    @Test
    void gethomepageAnswersChapter27sExamples() {
        JsonNode stats = ok(homepage, "/api/v1/gethomepage/stats");
        assertThat(fields(stats)).containsExactly("total_hosts", "total_outdated_packages", "total_repos", "hosts_needing_updates",
                "up_to_date_hosts", "security_updates", "hosts_with_security_updates", "recent_updates_24h", "os_distribution",
                "top_os_1_name", "top_os_1_count", "top_os_2_name", "top_os_2_count", "top_os_3_name", "top_os_3_count", "last_updated");
        assertThat(stats.path("total_hosts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(stats.path("recent_updates_24h").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(fields(stats.path("os_distribution").get(0))).containsExactly("name", "count", "os_type", "os_version");
        JsonNode health = ok(homepage, "/api/v1/gethomepage/health");
        assertThat(fields(health)).containsExactly("status", "timestamp", "api_key");
        assertThat(health.path("api_key").asText()).isEqualTo("GetHomepage dashboard");
        assertThat(as(api, "GET", "/api/v1/gethomepage/stats").json().path("error").asText()).isEqualTo("Invalid API key type");
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(List<String> command, Credential credential) throws Exception {
        Path log = Files.createTempFile("client-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PATCHMON_URL", stack.baseUrl().toString());
        builder.environment().put("PATCHMON_API_KEY", credential.key());
        builder.environment().put("PATCHMON_API_SECRET", credential.secret());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("client finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    @Test
    void thePythonClientListsHostsStatsAndUpdates() throws Exception {
        String python = Python.ensure();
        Path client = Path.of("clients/patchmon_api.py").toAbsolutePath();
        Run hosts = run(List.of(python, client.toString(), "hosts", "Production"), reader);
        assertThat(hosts.exitCode()).as(hosts.output()).isZero();
        assertThat(hosts.output()).contains("Total hosts: 1", "  web-server-01 (192.168.1.100) - Groups: Production");
        Run stats = run(List.of(python, client.toString(), "stats"), reader);
        assertThat(stats.output()).contains("web-server-01: 2 updates, 1 security, 42 total packages", "dev-server-01: 2 updates, 1 security, 5 total packages");
        Run updates = run(List.of(python, client.toString(), "updates", webId), reader);
        assertThat(updates.output()).contains("Host: web-server-01", "Packages needing updates: 2",
                "  openssl: 3.0.2-0ubuntu1.14 → 3.0.2-0ubuntu1.18 [SECURITY]", "  nginx: 1.18.0-0ubuntu1.5 → 1.24.0-2ubuntu1\n");
        Run inventory = run(List.of(python, client.toString(), "inventory"), reader);
        JsonNode parsed = json.readTree(inventory.output());
        assertThat(parsed.path("production").path("hosts").get(0).asText()).isEqualTo("web-server-01");
        assertThat(parsed.path("_meta").path("hostvars").path("web-server-01").path("ansible_host").asText()).isEqualTo("192.168.1.100");
        Run refused = run(List.of(python, client.toString(), "hosts"), new Credential(reader.key(), "wrong"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("Error: 401 - Invalid API secret");
    }

    @Test
    void theNodeClientListsHostsStatsAndUpdates() throws Exception {
        Path client = Path.of("clients/patchmon_api.mjs").toAbsolutePath();
        Run hosts = run(List.of("node", client.toString(), "hosts", "Production,Development"), reader);
        assertThat(hosts.exitCode()).as(hosts.output()).isZero();
        assertThat(hosts.output()).contains("Total: 2", "web-server-01: 192.168.1.100", "dev-server-01: 192.168.1.101");
        Run stats = run(List.of("node", client.toString(), "stats"), reader);
        assertThat(stats.output()).contains("web-server-01: 2 updates, 1 security, 42 total packages");
        Run updates = run(List.of("node", client.toString(), "updates", webId), reader);
        assertThat(updates.output()).contains("Packages needing updates: 2", "  openssl: 3.0.2-0ubuntu1.14 → 3.0.2-0ubuntu1.18 [SECURITY]");
        Run refused = run(List.of("node", client.toString(), "hosts"), homepage);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("Error: HTTP 401: Invalid API key type");
    }
}
