package cloud.patchmon.api.dashboard;

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

/** {@code GET /dashboard/stats} and the host views' counts and filters, over HTTP with real agent reports. */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class DashboardApiIntegrationTest {

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

    /** Creates a host and sends one full agent report; packages are [name, needsUpdate, isSecurityUpdate]. */
    private String reportingHost(ApiSession.Account account, String name, String os, boolean reboot, List<Object[]> packages) throws Exception {
        JsonNode created = json.readTree(mvc.perform(post("/api/v1/hosts").header("Authorization", account.bearer())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of("friendly_name", name, "os_family", "linux"))))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        List<Map<String, Object>> pkgs = packages.stream().map(p -> Map.<String, Object>of("name", p[0], "currentVersion", "1.0",
                "availableVersion", (Boolean) p[1] ? "2.0" : "", "needsUpdate", p[1], "isSecurityUpdate", p[2])).toList();
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", created.path("api_id").asText())
                        .header("X-API-KEY", created.path("api_key").asText()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("packages", pkgs, "osType", os, "osVersion", "1", "hostname", name,
                                "agentVersion", "2.1.0", "needsReboot", reboot))))
                .andExpect(status().isOk());
        return created.path("host").path("id").asText();
    }

    @Test
    void theStatsCountOnlyTheCallersOrganisation() throws Exception {
        String web = reportingHost(owner, "web-01", "Ubuntu", true, List.<Object[]>of(new Object[]{"openssl", true, true}, new Object[]{"curl", true, false},
                new Object[]{"vim", false, false}));
        reportingHost(owner, "web-02", "Ubuntu", false, List.<Object[]>of(new Object[]{"openssl", true, true}, new Object[]{"vim", false, false}));
        reportingHost(owner, "db-01", "Rocky Linux", false, List.<Object[]>of(new Object[]{"vim", false, false}));
        mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"friendly_name\":\"pending-01\"}")).andExpect(status().isCreated());
        reportingHost(rival, "rival-01", "Debian", true, List.<Object[]>of(new Object[]{"nginx", true, true}, new Object[]{"zsh", true, false},
                new Object[]{"bash", true, false}));

        mvc.perform(get("/api/v1/dashboard/stats").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cards.total_hosts").value(3))
                .andExpect(jsonPath("$.cards.hosts_needing_updates").value(2))
                .andExpect(jsonPath("$.cards.up_to_date_hosts").value(1))
                .andExpect(jsonPath("$.cards.hosts_with_security_updates").value(2))
                .andExpect(jsonPath("$.cards.hosts_needing_reboot").value(1))
                .andExpect(jsonPath("$.cards.offline_hosts").value(0))
                .andExpect(jsonPath("$.cards.pending_hosts").value(1))
                .andExpect(jsonPath("$.cards.total_outdated_packages").value(2))
                .andExpect(jsonPath("$.cards.security_packages").value(1))
                .andExpect(jsonPath("$.cards.security_updates").value(2))
                .andExpect(jsonPath("$.charts.os_distribution[*].name").value(contains("Ubuntu", "Rocky Linux")))
                .andExpect(jsonPath("$.charts.os_distribution[*].count").value(contains(2, 1)))
                .andExpect(jsonPath("$.last_updated").isString());
        mvc.perform(get("/api/v1/dashboard/stats").header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$.cards.total_hosts").value(1))
                .andExpect(jsonPath("$.cards.total_outdated_packages").value(3))
                .andExpect(jsonPath("$.charts.os_distribution[*].name").value(contains("Debian")));

        mvc.perform(get("/api/v1/hosts/" + web).header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.updates_count").value(2))
                .andExpect(jsonPath("$.security_updates_count").value(1))
                .andExpect(jsonPath("$.total_packages").value(3))
                .andExpect(jsonPath("$.effective_status").value("active"))
                .andExpect(jsonPath("$.is_stale").value(false));
        mvc.perform(get("/api/v1/hosts").param("filter", "needs_updates").param("hide_stale", "true").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$[*].friendly_name").value(contains("web-01", "web-02")));
        mvc.perform(get("/api/v1/hosts").param("filter", "needs_reboot").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$[*].friendly_name").value(contains("web-01")));
        mvc.perform(get("/api/v1/hosts").param("filter", "needs_updates").header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$[*].friendly_name").value(contains("rival-01")));
    }

    @Test
    void signedOutCallersGetNothingAndBadHostFiltersAre400s() throws Exception {
        mvc.perform(get("/api/v1/dashboard/stats")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/dashboard/stats/").header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.cards.total_hosts").value(0));

        mvc.perform(get("/api/v1/hosts").param("filter", "outdated").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("filter"))
                .andExpect(jsonPath("$.errors[0].location").value("query"));
        mvc.perform(get("/api/v1/hosts").param("hide_stale", "maybe").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("hide_stale"));
        mvc.perform(get("/api/v1/hosts").param("repository", "../REPOS").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("repository"));
        mvc.perform(get("/api/v1/hosts").param("repository", "0".repeat(32)).header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$").isEmpty());
    }
}
