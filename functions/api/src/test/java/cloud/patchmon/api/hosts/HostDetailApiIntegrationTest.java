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
import org.springframework.test.web.servlet.RequestBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The Host Detail tabs' routes (chapter 4): the Packages tab's query, the report history's pages, and notes. */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class HostDetailApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession session;
    private ApiSession.Account owner;
    private ApiSession.Account rival;
    private String hostId;
    private String apiId;
    private String apiKey;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        session = new ApiSession(mvc);
        owner = session.signup();
        rival = session.signup();
        JsonNode created = call(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("friendly_name", "web-01", "groupIds", List.of()))));
        hostId = created.path("host").path("id").asText();
        apiId = created.path("api_id").asText();
        apiKey = created.path("api_key").asText();
    }

    private JsonNode call(RequestBuilder request) throws Exception {
        return json.readTree(mvc.perform(request).andReturn().getResponse().getContentAsString());
    }

    private void report(int plainPackages) throws Exception {
        List<Map<String, Object>> packages = new ArrayList<>(List.of(
                Map.of("name", "openssl", "currentVersion", "3.0.11", "availableVersion", "3.0.13", "needsUpdate", true, "isSecurityUpdate", true),
                Map.of("name", "nginx", "currentVersion", "1.22.1", "availableVersion", "1.22.2", "needsUpdate", true, "isSecurityUpdate", false)));
        for (int i = 0; i < plainPackages; i++) {
            packages.add(Map.of("name", String.format("lib-%02d", i), "currentVersion", "1.0", "needsUpdate", false));
        }
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("packages", packages))))
                .andExpect(status().isOk());
    }

    private RequestBuilder packages(ApiSession.Account account, String... params) {
        var request = get("/api/v1/hosts/" + hostId + "/packages").header("Authorization", account.bearer());
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return request;
    }

    @Test
    void thePackagesTabSearchesFiltersAndPagesOnTheServer() throws Exception {
        report(30);

        mvc.perform(packages(owner, "limit", "10", "page", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.packages.length()").value(10))
                .andExpect(jsonPath("$.packages[0].name").value("openssl"))
                .andExpect(jsonPath("$.packages[0].is_security_update").value(true))
                .andExpect(jsonPath("$.packages[0].available_version").value("3.0.13"))
                .andExpect(jsonPath("$.total").value(32))
                .andExpect(jsonPath("$.installed").value(32))
                .andExpect(jsonPath("$.updates_available").value(2))
                .andExpect(jsonPath("$.security_updates").value(1))
                .andExpect(jsonPath("$.pagination.page").value(1))
                .andExpect(jsonPath("$.pagination.limit").value(10))
                .andExpect(jsonPath("$.pagination.total").value(32))
                .andExpect(jsonPath("$.pagination.pages").value(4));
        mvc.perform(packages(owner, "limit", "10", "page", "4"))
                .andExpect(jsonPath("$.packages[*].name").value(contains("lib-28", "lib-29")));
        mvc.perform(packages(owner, "updates_only", "true"))
                .andExpect(jsonPath("$.packages[*].name").value(contains("openssl", "nginx"))).andExpect(jsonPath("$.total").value(2));
        mvc.perform(packages(owner, "security_only", "true"))
                .andExpect(jsonPath("$.packages[*].name").value(contains("openssl"))).andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.updates_available").value(2));
        mvc.perform(packages(owner, "search", "LIB-0"))
                .andExpect(jsonPath("$.total").value(10)).andExpect(jsonPath("$.installed").value(32));
        mvc.perform(packages(owner)).andExpect(jsonPath("$.pagination.limit").value(50)).andExpect(jsonPath("$.packages.length()").value(32));
    }

    @Test
    void aHostThatNeverReportedHasEmptyTabsNotErrors() throws Exception {
        mvc.perform(get("/api/v1/hosts/" + hostId + "/details").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.repositories.length()").value(0))
                .andExpect(jsonPath("$.network_interfaces.length()").value(0))
                .andExpect(jsonPath("$.system.kernel_version").value(nullValue()))
                .andExpect(jsonPath("$.system.disk_details.length()").value(0))
                .andExpect(jsonPath("$.last_check_in_at").value(nullValue()));
        mvc.perform(packages(owner)).andExpect(jsonPath("$.total").value(0)).andExpect(jsonPath("$.pagination.pages").value(0));
        mvc.perform(get("/api/v1/hosts/" + hostId + "/reports").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.reports.length()").value(0)).andExpect(jsonPath("$.next_cursor").value(nullValue()));
    }

    @Test
    void badPackageAndReportQueriesAre400sWithTheSpecShape() throws Exception {
        mvc.perform(packages(owner, "page", "0", "limit", "501"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].param").value(contains("page", "limit")))
                .andExpect(jsonPath("$.errors[0].location").value("query"));
        mvc.perform(packages(owner, "page", "two")).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("page"));
        mvc.perform(packages(owner, "security_only", "maybe")).andExpect(status().isBadRequest());
        mvc.perform(packages(owner, "search", "x".repeat(256))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("search"));
        mvc.perform(get("/api/v1/hosts/" + hostId + "/reports").param("cursor", "garbage").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").exists());
        mvc.perform(get("/api/v1/hosts/" + hostId + "/reports").param("limit", "101").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("limit"));
        mvc.perform(get("/api/v1/hosts/no-such-host/packages").header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
    }

    @Test
    void reportHistoryComesAPageAtATimeNewestFirst() throws Exception {
        report(1);
        report(2);
        report(3);

        JsonNode first = call(get("/api/v1/hosts/" + hostId + "/reports").param("limit", "2").header("Authorization", owner.bearer()));
        org.assertj.core.api.Assertions.assertThat(first.path("reports")).hasSize(2);
        org.assertj.core.api.Assertions.assertThat(first.path("reports").get(0).path("packages").asInt()).isEqualTo(5);
        org.assertj.core.api.Assertions.assertThat(first.path("reports").get(0).has("reported_at")).isTrue();
        org.assertj.core.api.Assertions.assertThat(first.path("reports").get(0).path("payload_bytes").asLong()).isPositive();
        String cursor = first.path("next_cursor").asText();
        org.assertj.core.api.Assertions.assertThat(cursor).isNotBlank();

        mvc.perform(get("/api/v1/hosts/" + hostId + "/reports").param("limit", "2").param("cursor", cursor).header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reports[*].packages").value(contains(3)))
                .andExpect(jsonPath("$.reports[0].updates").value(2))
                .andExpect(jsonPath("$.reports[0].security").value(1))
                .andExpect(jsonPath("$.next_cursor").value(nullValue()));

        String rivalHost = call(post("/api/v1/hosts").header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"friendly_name\":\"db-01\"}")).path("host").path("id").asText();
        mvc.perform(get("/api/v1/hosts/" + rivalHost + "/reports").param("cursor", cursor).header("Authorization", rival.bearer()))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theReportHistoryKeepsTheAgentsGatheringTimeFromEitherField() throws Exception {
        Map<String, Object> curl = Map.of("name", "curl", "currentVersion", "8.0", "needsUpdate", false);
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("packages", List.of(curl), "executionTime", "4.2")))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("packages", List.of(curl), "agentExecutionMs", 812)))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("packages", List.of(curl), "agentExecutionMs", -5))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("agentExecutionMs"));

        mvc.perform(get("/api/v1/hosts/" + hostId + "/reports").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reports.length()").value(2))
                .andExpect(jsonPath("$.reports[0].agent_execution_ms").value(812))
                .andExpect(jsonPath("$.reports[1].agent_execution_ms").value(4200));
    }

    @Test
    void aStarredInterfaceBecomesTheHostsIpAndOnlyInterfacesTheHostReportedCanBeStarred() throws Exception {
        List<Map<String, Object>> interfaces = List.of(
                Map.of("name", "eth0", "type", "ethernet", "macAddress", "52:54:00:12:34:56",
                        "addresses", List.of(Map.of("address", "10.0.0.5", "family", "inet", "netmask", "/24"))),
                Map.of("name", "wg0", "type", "wireguard", "macAddress", "",
                        "addresses", List.of(Map.of("address", "192.168.50.7", "family", "inet", "netmask", "/24"))));
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", apiId).header("X-API-KEY", apiKey).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("packages", List.of(Map.of("name", "curl", "currentVersion", "8.0", "needsUpdate", false)),
                                "ip", "10.0.0.5", "networkInterfaces", interfaces))))
                .andExpect(status().isOk());

        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"primary_interface\":\"wg0\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.host.primary_interface").value("wg0"))
                .andExpect(jsonPath("$.host.ip").value("192.168.50.7"));
        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"primary_interface\":\"eth9\",\"friendly_name\":\"renamed\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("primary_interface"));
        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"primary_interface\":\"\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.friendly_name").value("web-01"))
                .andExpect(jsonPath("$.primary_interface").value("wg0"))
                .andExpect(jsonPath("$.ip").value("192.168.50.7"));

        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"primary_interface\":\"\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.host.primary_interface").value(nullValue()));
    }

    @Test
    void notesAreSavedThroughPatchAndKeptWithinTheLimit() throws Exception {
        String notes = "Change window: Sun 02:00 UTC\nOwner: platform team";
        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("notes", notes))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Host updated successfully"))
                .andExpect(jsonPath("$.host.notes").value(notes))
                .andExpect(jsonPath("$.host.friendly_name").value("web-01"));
        mvc.perform(get("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer())).andExpect(jsonPath("$.notes").value(notes));

        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("notes", "x".repeat(1001)))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("notes"))
                .andExpect(jsonPath("$.errors[0].msg").value("Notes must be at most 1000 characters"))
                .andExpect(jsonPath("$.errors[0].location").value("body"));
        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"notes\": [\"a\"]}")).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").exists());
        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"notes\": ")).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").exists());
        mvc.perform(patch("/api/v1/hosts/no-such-host").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"notes\":\"x\"}")).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        mvc.perform(get("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer())).andExpect(jsonPath("$.notes").value(notes));

        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"notes\":\"\"}")).andExpect(status().isOk()).andExpect(jsonPath("$.host.notes").value(nullValue()));
    }

    @Test
    void readersSeeNotesButOnlyManagersChangeThem() throws Exception {
        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"notes\":\"Rack 4\"}")).andExpect(status().isOk());
        ApiSession.Account reader = session.userWithRole(owner, "readonly");

        mvc.perform(get("/api/v1/hosts/" + hostId).header("Authorization", reader.bearer())).andExpect(jsonPath("$.notes").value("Rack 4"));
        mvc.perform(packages(reader)).andExpect(status().isOk());
        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", reader.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"notes\":\"defaced\"}")).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer())).andExpect(jsonPath("$.notes").value("Rack 4"));
    }

    @Test
    void anotherOrganisationCannotReadOrChangeThisHostsTabs() throws Exception {
        report(3);
        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"notes\":\"Rack 4\"}")).andExpect(status().isOk());

        mvc.perform(patch("/api/v1/hosts/" + hostId).header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"notes\":\"pwned\"}")).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        mvc.perform(packages(rival, "search", "lib", "security_only", "true")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/hosts/" + hostId + "/reports").param("limit", "5").header("Authorization", rival.bearer()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/hosts/" + hostId + "/details").header("Authorization", rival.bearer())).andExpect(status().isNotFound());

        mvc.perform(get("/api/v1/hosts/" + hostId).header("Authorization", owner.bearer())).andExpect(jsonPath("$.notes").value("Rack 4"));
        mvc.perform(packages(owner)).andExpect(jsonPath("$.total").value(5));
    }
}
