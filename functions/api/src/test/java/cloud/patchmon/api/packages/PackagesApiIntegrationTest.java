package cloud.patchmon.api.packages;

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

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class PackagesApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private ApiSession.Account rival;
    private String webId;
    private String dbId;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    /** Creates a host as {@code account} and makes its agent send {@code packages}; returns the host id. */
    private String reportingHost(ApiSession.Account account, String name, String packages) throws Exception {
        JsonNode created = json.readTree(mvc.perform(post("/api/v1/hosts").header("Authorization", account.bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("friendly_name", name, "groupIds", List.of()))))
                .andReturn().getResponse().getContentAsString());
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", created.path("api_id").asText())
                        .header("X-API-KEY", created.path("api_key").asText())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"packages\":" + packages + "}"))
                .andExpect(status().isOk());
        return created.path("host").path("id").asText();
    }

    @BeforeEach
    void setUp() throws Exception {
        ApiSession session = new ApiSession(mvc);
        owner = session.signup();
        rival = session.signup();
        webId = reportingHost(owner, "web-01", """
                [{"name":"openssl","currentVersion":"3.0.2","availableVersion":"3.0.13","needsUpdate":true,"isSecurityUpdate":true,
                  "sourceRepository":"jammy-security","description":"TLS toolkit","category":"libs"},
                 {"name":"curl","currentVersion":"7.81.0","needsUpdate":false,"sourceRepository":"jammy","category":"web"}]""");
        dbId = reportingHost(owner, "db-01", """
                [{"name":"openssl","currentVersion":"3.0.13","needsUpdate":false,"sourceRepository":"jammy-updates"},
                 {"name":"vim","currentVersion":"8.2","availableVersion":"9.0","needsUpdate":true,"sourceRepository":"jammy","category":"editors"}]""");
        reportingHost(rival, "rival-01", """
                [{"name":"nginx","currentVersion":"1.18","availableVersion":"1.20","needsUpdate":true,"isSecurityUpdate":true}]""");
    }

    @Test
    void theListCarriesTheFiveSummaryCardsAndTheCategories() throws Exception {
        mvc.perform(get("/api/v1/packages").param("sort", "status").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.packages[*].name").value(contains("openssl", "vim", "curl")))
                .andExpect(jsonPath("$.packages[0].hosts_installed").value(2))
                .andExpect(jsonPath("$.packages[0].hosts_needing_update").value(1))
                .andExpect(jsonPath("$.summary.packages").value(3))
                .andExpect(jsonPath("$.summary.installations").value(4))
                .andExpect(jsonPath("$.summary.outdated_packages").value(2))
                .andExpect(jsonPath("$.summary.security_packages").value(1))
                .andExpect(jsonPath("$.summary.outdated_hosts").value(2))
                .andExpect(jsonPath("$.categories").value(contains("editors", "libs", "web")));
        mvc.perform(get("/api/v1/packages").param("filter", "security").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.packages[*].name").value(contains("openssl")))
                .andExpect(jsonPath("$.summary.outdated_hosts").value(1));
        mvc.perform(get("/api/v1/packages").param("category", "editors").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.packages[*].name").value(contains("vim")));
        mvc.perform(get("/api/v1/packages").param("sort", "hosts").param("order", "desc").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.packages[0].name").value("openssl"));
    }

    @Test
    void aRowShowsTheNewestVersionSeenAndItsSourceRepositoriesMostUsedFirst() throws Exception {
        // Reported after 3.0.13, and after it in plain string order too: neither may replace it.
        reportingHost(owner, "old-01", """
                [{"name":"openssl","currentVersion":"3.0.9","needsUpdate":false,"sourceRepository":"jammy"}]""");
        reportingHost(owner, "old-02", """
                [{"name":"openssl","currentVersion":"3.0.10","needsUpdate":false,"sourceRepository":"jammy"}]""");

        mvc.perform(get("/api/v1/packages").param("search", "openssl").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.packages[0].latest_version").value("3.0.13"))
                .andExpect(jsonPath("$.packages[0].source_repositories[*].name").value(contains("jammy", "jammy-security", "jammy-updates")))
                .andExpect(jsonPath("$.packages[0].source_repositories[*].hosts").value(contains(2, 1, 1)));
        mvc.perform(get("/api/v1/packages").param("host", dbId).header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.packages[*].name").value(contains("openssl", "vim")))
                .andExpect(jsonPath("$.packages[0].source_repositories[*].name").value(contains("jammy-updates")));
        mvc.perform(get("/api/v1/packages").param("search", "curl").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.packages[0].source_repositories[*].name").value(contains("jammy")));
    }

    @Test
    void theDetailShowsStatsRepositoriesAndTheHostsWithTheOnlyPendingFilter() throws Exception {
        mvc.perform(get("/api/v1/packages/openssl").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("openssl"))
                .andExpect(jsonPath("$.description").value("TLS toolkit"))
                .andExpect(jsonPath("$.status").value("security"))
                .andExpect(jsonPath("$.latest_version").isNotEmpty())
                .andExpect(jsonPath("$.last_reported_at").isNotEmpty())
                .andExpect(jsonPath("$.stats.total_installs").value(2))
                .andExpect(jsonPath("$.stats.updates_needed").value(1))
                .andExpect(jsonPath("$.stats.security_updates").value(1))
                .andExpect(jsonPath("$.stats.up_to_date").value(1))
                .andExpect(jsonPath("$.repositories[*].name").value(contains("jammy-security", "jammy-updates")))
                .andExpect(jsonPath("$.repositories[0].hosts").value(1));

        mvc.perform(get("/api/v1/packages/openssl/hosts").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.hosts[*].friendly_name").value(contains("web-01", "db-01")))
                .andExpect(jsonPath("$.hosts[0].host_id").value(webId))
                .andExpect(jsonPath("$.hosts[0].current_version").value("3.0.2"))
                .andExpect(jsonPath("$.hosts[0].available_version").value("3.0.13"))
                .andExpect(jsonPath("$.hosts[0].needs_update").value(true))
                .andExpect(jsonPath("$.hosts[0].is_security_update").value(true))
                .andExpect(jsonPath("$.hosts[0].last_update").isNotEmpty())
                .andExpect(jsonPath("$.pagination.total").value(2));
        mvc.perform(get("/api/v1/packages/openssl/hosts").param("only_pending", "true").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.hosts[*].host_id").value(contains(webId)))
                .andExpect(jsonPath("$.pagination.total").value(1));
        mvc.perform(get("/api/v1/packages/openssl/hosts").param("search", "db").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.hosts[*].host_id").value(contains(dbId)));
    }

    @Test
    void anotherTenantsPackagesAndHostsAreNotFound() throws Exception {
        mvc.perform(get("/api/v1/packages/nginx").header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Package not found"));
        mvc.perform(get("/api/v1/packages/nginx/hosts").header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Package not found"));
        mvc.perform(get("/api/v1/packages/openssl").header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/packages/openssl/hosts").header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/packages").param("host", webId).header("Authorization", rival.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        mvc.perform(get("/api/v1/packages").header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$.packages[*].name").value(contains("nginx")))
                .andExpect(jsonPath("$.summary.outdated_hosts").value(1));
    }

    @Test
    void badInputIsA4xxWithTheErrorShape() throws Exception {
        mvc.perform(get("/api/v1/packages/no-such-package").header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Package not found"));
        mvc.perform(get("/api/v1/packages/" + "x".repeat(1500)).header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/packages/openssl/hosts").param("limit", "30").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("limit"));
        mvc.perform(get("/api/v1/packages/openssl/hosts").param("page", "0").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("page"));
        mvc.perform(get("/api/v1/packages/openssl/hosts").param("page", "two").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/packages/openssl/hosts").param("only_pending", "maybe").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/packages").param("order", "sideways").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("order"));
        mvc.perform(get("/api/v1/packages").param("filter", "bogus").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("filter"));
        mvc.perform(get("/api/v1/packages/openssl")).andExpect(status().isUnauthorized());
    }
}
