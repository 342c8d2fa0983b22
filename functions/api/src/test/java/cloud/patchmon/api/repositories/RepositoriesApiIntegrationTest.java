package cloud.patchmon.api.repositories;

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
import org.springframework.test.web.servlet.RequestBuilder;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class RepositoriesApiIntegrationTest {

    private static final Map<String, Object> DEBIAN = repo("debian", "http://deb.debian.org/debian", "bookworm", "main");
    private static final Map<String, Object> SECURITY = repo("debian-security", "https://security.debian.org/debian-security", "bookworm-security", "main");
    private static final Map<String, Object> DOCKER = repo("docker", "https://download.docker.com/linux/debian", "bookworm", "stable");

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private ApiSession.Account rival;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    private static Map<String, Object> repo(String name, String url, String distribution, String components) {
        return Map.of("name", name, "url", url, "distribution", distribution, "components", components, "repoType", "deb",
                "isEnabled", true, "isSecure", url.startsWith("https"));
    }

    @BeforeEach
    void setUp() throws Exception {
        ApiSession session = new ApiSession(mvc);
        owner = session.signup();
        rival = session.signup();
    }

    private JsonNode call(RequestBuilder request) throws Exception {
        return json.readTree(mvc.perform(request).andReturn().getResponse().getContentAsString());
    }

    /** Creates a host as {@code account} and makes its agent report {@code repos}; returns the host id. */
    private String reportingHost(ApiSession.Account account, String name, List<Map<String, Object>> repos) throws Exception {
        return reportingHost(account, name, repos, List.of(Map.of("name", "bash", "currentVersion", "5.2", "needsUpdate", false)));
    }

    private String reportingHost(ApiSession.Account account, String name, List<Map<String, Object>> repos,
                                 List<Map<String, Object>> packages) throws Exception {
        JsonNode created = call(post("/api/v1/hosts").header("Authorization", account.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("friendly_name", name, "os_family", "linux"))));
        Map<String, Object> report = Map.of("packages", packages,
                "repositories", repos, "hostname", name + ".example.com", "osType", "Debian", "osVersion", "12");
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", created.path("api_id").asText()).header("X-API-KEY", created.path("api_key").asText())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(report))).andExpect(status().isOk());
        return created.path("host").path("id").asText();
    }

    private String idOf(ApiSession.Account account, String name) throws Exception {
        for (JsonNode r : call(get("/api/v1/repositories").header("Authorization", account.bearer()))) {
            if (r.path("name").asText().equals(name)) {
                return r.path("id").asText();
            }
        }
        throw new AssertionError("no repository " + name);
    }

    @Test
    void theListFiltersCardsAndDetailShowTheFleetsRepositories() throws Exception {
        String web = reportingHost(owner, "web-01", List.of(DEBIAN, SECURITY));
        reportingHost(owner, "db-01", List.of(DEBIAN, DOCKER));

        mvc.perform(get("/api/v1/repositories").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].name").value(contains("debian", "debian-security", "docker")))
                .andExpect(jsonPath("$[0].host_count").value(2))
                .andExpect(jsonPath("$[0].is_secure").value(false))
                .andExpect(jsonPath("$[0].is_active").value(true))
                .andExpect(jsonPath("$[0].url").value("http://deb.debian.org/debian"))
                .andExpect(jsonPath("$[0].distribution").value("bookworm"))
                .andExpect(jsonPath("$[0].repo_type").value("deb"));
        mvc.perform(get("/api/v1/repositories/stats/summary").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.total_repositories").value(3)).andExpect(jsonPath("$.active_repositories").value(3))
                .andExpect(jsonPath("$.secure_repositories").value(2)).andExpect(jsonPath("$.security_score").value(67));
        mvc.perform(get("/api/v1/repositories").param("type", "insecure").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$[*].name").value(contains("debian")));
        mvc.perform(get("/api/v1/repositories").param("search", "docker.com").param("status", "active").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$[*].name").value(contains("docker")));
        mvc.perform(get("/api/v1/repositories").param("host", web).header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$[*].name").value(contains("debian", "debian-security")));
        mvc.perform(get("/api/v1/repositories/" + idOf(owner, "debian")).header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.repository.name").value("debian"))
                .andExpect(jsonPath("$.hosts[*].friendly_name").value(contains("db-01", "web-01")))
                .andExpect(jsonPath("$.hosts[1].id").value(web))
                .andExpect(jsonPath("$.hosts[1].is_enabled").value(true));
    }

    @Test
    void editsAndDeletionNeedManageHostsAndADeletedRecordComesBackWithItsHost() throws Exception {
        reportingHost(owner, "web-01", List.of(DEBIAN));
        String id = idOf(owner, "debian");
        ApiSession.Account viewer = new ApiSession(mvc).userWithRole(owner, "readonly");

        mvc.perform(put("/api/v1/repositories/" + id).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Debian main\",\"description\":\"approved HTTP\",\"is_active\":false,\"priority\":5}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.message").value("Repository updated successfully"))
                .andExpect(jsonPath("$.repository.name").value("Debian main")).andExpect(jsonPath("$.repository.reported_name").value("debian"))
                .andExpect(jsonPath("$.repository.is_active").value(false)).andExpect(jsonPath("$.repository.priority").value(5));
        mvc.perform(patch("/api/v1/repositories/" + id).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"is_active\":true}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.repository.is_active").value(true))
                .andExpect(jsonPath("$.repository.description").value("approved HTTP"));
        mvc.perform(get("/api/v1/repositories").header("Authorization", viewer.bearer())).andExpect(status().isOk());
        mvc.perform(patch("/api/v1/repositories/" + id).header("Authorization", viewer.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"x\"}")).andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/repositories/" + id).header("Authorization", viewer.bearer())).andExpect(status().isForbidden());

        mvc.perform(delete("/api/v1/repositories/" + id).header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.message").value("Repository deleted successfully"))
                .andExpect(jsonPath("$.deleted_repository.name").value("Debian main"))
                .andExpect(jsonPath("$.deleted_repository.host_count").value(1));
        mvc.perform(get("/api/v1/repositories/" + id).header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Repository not found"));
        mvc.perform(get("/api/v1/repositories").header("Authorization", owner.bearer())).andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void badInputGetsClearErrorsAndChangesNothing() throws Exception {
        reportingHost(owner, "web-01", List.of(DEBIAN));
        String id = idOf(owner, "debian");

        mvc.perform(get("/api/v1/repositories").param("status", "sleeping").param("type", "ftp").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].location").value("query"));
        mvc.perform(get("/api/v1/repositories").param("host", "no-such-host").header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        mvc.perform(put("/api/v1/repositories/" + id).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"\",\"priority\":-3}")).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(2));
        mvc.perform(put("/api/v1/repositories/" + id).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"priority\":\"high\"}")).andExpect(status().isBadRequest());
        mvc.perform(put("/api/v1/repositories/" + id).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"is_active\":")).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid JSON in request body"));
        mvc.perform(put("/api/v1/repositories/" + "0".repeat(32)).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"x\"}")).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Repository not found"));
        mvc.perform(delete("/api/v1/repositories/not-an-id").header("Authorization", owner.bearer())).andExpect(status().isNotFound());

        mvc.perform(get("/api/v1/repositories/" + id).header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.repository.name").value("debian")).andExpect(jsonPath("$.repository.priority").doesNotExist())
                .andExpect(jsonPath("$.hosts.length()").value(1));
    }

    @Test
    void anotherOrganisationsRepositoriesAreOutOfReachOnEveryRoute() throws Exception {
        String web = reportingHost(owner, "web-01", List.of(DEBIAN, SECURITY));
        reportingHost(rival, "rival-01", List.of(DOCKER));
        String id = idOf(owner, "debian");

        mvc.perform(get("/api/v1/repositories").header("Authorization", rival.bearer())).andExpect(jsonPath("$[*].name").value(contains("docker")));
        mvc.perform(get("/api/v1/repositories/stats/summary").header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$.total_repositories").value(1));
        mvc.perform(get("/api/v1/repositories/" + id).header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/repositories").param("host", web).header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/repositories/" + id).header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"pwned\"}")).andExpect(status().isNotFound());
        mvc.perform(patch("/api/v1/repositories/" + id).header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"is_active\":false}")).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/repositories/" + id).header("Authorization", rival.bearer())).andExpect(status().isNotFound());

        JsonNode mine = call(get("/api/v1/repositories/" + id).header("Authorization", owner.bearer()));
        assertThat(mine.path("repository").path("name").asText()).isEqualTo("debian");
        assertThat(mine.path("repository").path("is_active").asBoolean()).isTrue();
        assertThat(mine.path("hosts").size()).isEqualTo(1);
    }

    private static Map<String, Object> pkg(String name, String source, boolean needsUpdate, boolean security) {
        return Map.of("name", name, "currentVersion", "1.0", "availableVersion", needsUpdate ? "1.1" : "", "needsUpdate", needsUpdate,
                "isSecurityUpdate", security, "sourceRepository", source);
    }

    @Test
    void theDetailListsThePackagesItsHostsHaveFromItSearchableAndInPages() throws Exception {
        reportingHost(owner, "web-01", List.of(DEBIAN, SECURITY),
                List.of(pkg("bash", "bookworm", false, false), pkg("openssl", "bookworm-security", true, true), pkg("vim", "bookworm", true, false)));
        reportingHost(owner, "db-01", List.of(DEBIAN), List.of(pkg("bash", "bookworm", false, false), pkg("curl", "debian bookworm/main", false, false)));
        String debian = idOf(owner, "debian");

        mvc.perform(get("/api/v1/repositories/" + debian + "/packages").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.packages[*].name").value(contains("bash", "curl", "vim")))
                .andExpect(jsonPath("$.packages[0].id").value("bash"))
                .andExpect(jsonPath("$.packages[0].host_count").value(2))
                .andExpect(jsonPath("$.packages[2].host_count").value(1))
                .andExpect(jsonPath("$.pagination.total").value(3))
                .andExpect(jsonPath("$.pagination.pages").value(1))
                .andExpect(jsonPath("$.pagination.limit").value(25));
        mvc.perform(get("/api/v1/repositories/" + idOf(owner, "debian-security") + "/packages").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.packages[*].name").value(contains("openssl")));
        mvc.perform(get("/api/v1/repositories/" + debian + "/packages/").param("search", "CU").header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.packages[*].name").value(contains("curl")))
                .andExpect(jsonPath("$.pagination.total").value(1));
        mvc.perform(get("/api/v1/repositories/" + debian + "/packages").param("page", "2").header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.packages.length()").value(0)).andExpect(jsonPath("$.pagination.page").value(2));

        mvc.perform(get("/api/v1/repositories/" + debian + "/packages").param("limit", "7").param("page", "0").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[*].param").value(contains("limit", "page")))
                .andExpect(jsonPath("$.errors[0].location").value("query"));
        mvc.perform(get("/api/v1/repositories/" + debian + "/packages").param("page", "first").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/repositories/" + "0".repeat(32) + "/packages").header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Repository not found"));
        mvc.perform(get("/api/v1/repositories/" + debian + "/packages")).andExpect(status().isUnauthorized());
    }

    @Test
    void anotherOrganisationGetsNotFoundForARepositoryOnlyTheOwnerHasAndNeverSeesItsPackages() throws Exception {
        reportingHost(owner, "web-01", List.of(DEBIAN, SECURITY),
                List.of(pkg("bash", "bookworm", false, false), pkg("openssl", "bookworm-security", true, true)));
        reportingHost(rival, "rival-01", List.of(DEBIAN), List.of(pkg("nginx", "bookworm", true, false)));
        String security = idOf(owner, "debian-security");
        String debian = idOf(owner, "debian");
        assertThat(idOf(rival, "debian")).as("one source has one id in every organisation").isEqualTo(debian);

        mvc.perform(get("/api/v1/repositories/" + security + "/packages").header("Authorization", rival.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Repository not found"))
                .andExpect(jsonPath("$.packages").doesNotExist());
        mvc.perform(get("/api/v1/repositories/" + debian + "/packages").header("Authorization", rival.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.packages[*].name").value(contains("nginx")));
        mvc.perform(get("/api/v1/repositories/" + debian + "/packages").header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.packages[*].name").value(contains("bash")))
                .andExpect(jsonPath("$.packages[0].host_count").value(1));
    }
}
