package cloud.patchmon.api.hosts;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.matchesPattern;
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
class HostsApiIntegrationTest {

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

    private JsonNode call(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return json.readTree(mvc.perform(request).andReturn().getResponse().getContentAsString());
    }

    private String group(ApiSession.Account account, String name) throws Exception {
        return call(post("/api/v1/host-groups").header("Authorization", account.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("name", name)))).path("id").asText();
    }

    private JsonNode host(ApiSession.Account account, String name, List<String> groupIds) throws Exception {
        return call(post("/api/v1/hosts").header("Authorization", account.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("friendly_name", name, "os_family", "linux", "groupIds", groupIds, "docker_enabled", true))));
    }

    @Test
    void theAddHostWizardCreatesAPendingHostAndShowsTheKeyOnce() throws Exception {
        String prod = group(owner, "Production");

        mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("friendly_name", "web-01", "os_family", "linux", "groupIds", List.of(prod)))))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.message").value("Host created successfully"))
                .andExpect(jsonPath("$.api_id").value(matchesPattern("patchmon_[0-9a-f]{16}")))
                .andExpect(jsonPath("$.api_key").value(matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.host.status").value("pending"))
                .andExpect(jsonPath("$.host.host_groups[0].name").value("Production"))
                .andExpect(jsonPath("$.host.api_key_hash").doesNotExist());
        mvc.perform(get("/api/v1/hosts").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$[0].friendly_name").value("web-01"))
                .andExpect(jsonPath("$[0].api_key").doesNotExist());
        mvc.perform(get("/api/v1/host-groups/" + prod).header("Authorization", owner.bearer())).andExpect(jsonPath("$.host_count").value(1));
        mvc.perform(delete("/api/v1/host-groups/" + prod).header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Cannot delete host group that contains hosts"))
                .andExpect(jsonPath("$.hostCount").value(1));
    }

    @Test
    void editsGroupsCredentialsAndDeletion() throws Exception {
        String prod = group(owner, "Production");
        String web = group(owner, "Web");
        String id = host(owner, "web-01", List.of(prod)).path("host").path("id").asText();
        String other = host(owner, "web-02", List.of()).path("host").path("id").asText();

        mvc.perform(patch("/api/v1/hosts/" + id).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"friendly_name\":\"frontend-01\",\"ip\":\"10.0.0.5\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.host.friendly_name").value("frontend-01")).andExpect(jsonPath("$.host.ip").value("10.0.0.5"));
        mvc.perform(put("/api/v1/hosts/" + id + "/groups").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("groupIds", List.of(web)))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.host.host_groups.length()").value(1)).andExpect(jsonPath("$.host.host_groups[0].name").value("Web"));
        mvc.perform(put("/api/v1/hosts/bulk/groups").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("hostIds", List.of(id, other), "groupIds", List.of(prod)))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(2));
        mvc.perform(get("/api/v1/hosts").param("group", prod).header("Authorization", owner.bearer())).andExpect(jsonPath("$.length()").value(2));
        mvc.perform(get("/api/v1/hosts").param("group", "ungrouped").header("Authorization", owner.bearer())).andExpect(jsonPath("$.length()").value(0));

        JsonNode regenerated = call(post("/api/v1/hosts/" + id + "/regenerate-credentials").header("Authorization", owner.bearer()));
        assertThat(regenerated.path("api_key").asText()).hasSize(64);

        mvc.perform(delete("/api/v1/hosts/bulk").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("hostIds", List.of(id, other)))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.deleted.length()").value(2));
        mvc.perform(get("/api/v1/hosts/" + id).header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        mvc.perform(delete("/api/v1/host-groups/" + prod).header("Authorization", owner.bearer())).andExpect(status().isOk());
    }

    @Test
    void badInputGetsTheSpecErrorsAndChangesNothing() throws Exception {
        mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"friendly_name\":\"\",\"os_family\":\"amiga\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(2));
        mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"friendly_name\":\"x\",\"groupIds\":\"not-a-list\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("friendly_name", "x", "groupIds", List.of("no-such-group")))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid host group"));
        mvc.perform(delete("/api/v1/hosts/bulk").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON).content("{\"hostIds\":[]}"))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/hosts").header("Authorization", owner.bearer())).andExpect(jsonPath("$.length()").value(0));
    }

    /** A host whose agent has reported {@code packages} (names, all up to date). */
    private void reportingHost(ApiSession.Account account, String name, String... packages) throws Exception {
        JsonNode created = host(account, name, List.of());
        List<Map<String, Object>> entries = java.util.Arrays.stream(packages)
                .map(p -> Map.<String, Object>of("name", p, "currentVersion", "1.0", "needsUpdate", false)).toList();
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", created.path("api_id").asText())
                        .header("X-API-KEY", created.path("api_key").asText()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("packages", entries))))
                .andExpect(status().isOk());
    }

    @Test
    void thePackageFilterListsTheHostsThatHaveThePackageInTheCallersOrganisationOnly() throws Exception {
        reportingHost(owner, "web-01", "openssl", "curl");
        reportingHost(owner, "db-01", "curl");
        host(owner, "pending-01", List.of());
        reportingHost(rival, "rival-01", "openssl");

        mvc.perform(get("/api/v1/hosts").param("package", "openssl").header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[*].friendly_name").value(contains("web-01")));
        mvc.perform(get("/api/v1/hosts").param("package", "curl").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$[*].friendly_name").value(contains("db-01", "web-01")));
        mvc.perform(get("/api/v1/hosts").param("package", "curl").param("search", "web").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$[*].friendly_name").value(contains("web-01")));
        mvc.perform(get("/api/v1/hosts").param("package", "vim").header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));

        mvc.perform(get("/api/v1/hosts").param("package", "openssl").header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$[*].friendly_name").value(contains("rival-01")));
        mvc.perform(get("/api/v1/hosts").param("package", "curl").header("Authorization", rival.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));

        mvc.perform(get("/api/v1/hosts").param("package", "x".repeat(1001)).header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("package"))
                .andExpect(jsonPath("$.errors[0].location").value("query"))
                .andExpect(jsonPath("$.errors[0].msg").value("Invalid package name"));
    }

    @Test
    void anotherOrganisationsHostsAndGroupsAreOutOfReachOnEveryRoute() throws Exception {
        String prod = group(owner, "Production");
        String id = host(owner, "web-01", List.of(prod)).path("host").path("id").asText();
        String rivalHost = host(rival, "db-01", List.of()).path("host").path("id").asText();

        mvc.perform(get("/api/v1/hosts/" + id).header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(patch("/api/v1/hosts/" + id).header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"friendly_name\":\"pwned\"}")).andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/hosts/" + id + "/groups").header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"groupIds\":[]}")).andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/hosts/" + rivalHost + "/groups").header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("groupIds", List.of(prod))))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Invalid host group"));
        mvc.perform(post("/api/v1/hosts/" + id + "/regenerate-credentials").header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/hosts/" + id).header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/hosts/bulk").header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("hostIds", List.of(rivalHost, id))))).andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/hosts/bulk/groups").header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("hostIds", List.of(id), "groupIds", List.of())))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/hosts").param("group", prod).header("Authorization", rival.bearer())).andExpect(jsonPath("$.length()").value(0));

        mvc.perform(get("/api/v1/hosts/" + id).header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.friendly_name").value("web-01")).andExpect(jsonPath("$.host_groups[0].id").value(prod));
        mvc.perform(get("/api/v1/hosts/" + rivalHost).header("Authorization", rival.bearer())).andExpect(status().isOk());
    }

    private static Map<String, Object> repo(String name, String url, String distribution) {
        return Map.of("name", name, "url", url, "distribution", distribution, "components", "main", "repoType", "deb", "isEnabled", true,
                "isSecure", url.startsWith("https"));
    }

    /** Creates a host whose agent reports {@code repos}; returns the host id. */
    private String reportingHost(ApiSession.Account account, String name, List<Map<String, Object>> repos) throws Exception {
        JsonNode created = host(account, name, List.of());
        Map<String, Object> report = Map.of("packages", List.of(Map.of("name", "bash", "currentVersion", "5.2", "needsUpdate", false)),
                "repositories", repos, "hostname", name + ".example.com", "osType", "Debian", "osVersion", "12");
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", created.path("api_id").asText())
                .header("X-API-KEY", created.path("api_key").asText()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(report))).andExpect(status().isOk());
        return created.path("host").path("id").asText();
    }

    private String repositoryId(ApiSession.Account account, String name) throws Exception {
        for (JsonNode r : call(get("/api/v1/repositories").header("Authorization", account.bearer()))) {
            if (r.path("name").asText().equals(name)) {
                return r.path("id").asText();
            }
        }
        throw new AssertionError("no repository " + name);
    }

    @Test
    void theRepositoryFilterNeverListsAnotherOrganisationsHosts() throws Exception {
        Map<String, Object> debian = repo("debian", "http://deb.debian.org/debian", "bookworm");
        Map<String, Object> docker = repo("docker", "https://download.docker.com/linux/debian", "bookworm");
        String web = reportingHost(owner, "web-01", List.of(debian));
        String db = reportingHost(rival, "db-01", List.of(debian, docker));
        String theirDocker = repositoryId(rival, "docker");
        String sharedDebian = repositoryId(rival, "debian");
        assertThat(repositoryId(owner, "debian")).as("one source has one id in every organisation").isEqualTo(sharedDebian);

        mvc.perform(get("/api/v1/hosts").param("repository", theirDocker).header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));
        mvc.perform(get("/api/v1/hosts").param("repository", sharedDebian).header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].id").value(web));
        mvc.perform(get("/api/v1/hosts").param("repository", sharedDebian).header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].id").value(db));
        mvc.perform(get("/api/v1/hosts").param("repository", theirDocker).header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$[*].id").value(org.hamcrest.Matchers.contains(db)));
    }

    @Test
    void aHostCannotBeCreatedIntoAnotherOrganisationsGroup() throws Exception {
        String theirs = group(rival, "Production");
        String mine = group(owner, "Staging");

        for (List<String> groupIds : List.of(List.of(theirs), List.of(mine, theirs))) {
            mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                            .content(json.writeValueAsString(Map.of("friendly_name", "sneaky-01", "os_family", "linux", "groupIds", groupIds))))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid host group"))
                    .andExpect(jsonPath("$.api_key").doesNotExist());
        }

        mvc.perform(get("/api/v1/hosts").header("Authorization", owner.bearer())).andExpect(jsonPath("$.length()").value(0));
        mvc.perform(get("/api/v1/hosts").header("Authorization", rival.bearer())).andExpect(jsonPath("$.length()").value(0));
        mvc.perform(get("/api/v1/host-groups/" + theirs).header("Authorization", rival.bearer())).andExpect(jsonPath("$.host_count").value(0));
        mvc.perform(get("/api/v1/host-groups/" + mine).header("Authorization", owner.bearer())).andExpect(jsonPath("$.host_count").value(0));
    }
}
