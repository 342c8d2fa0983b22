package cloud.patchmon.api.enrollment;

import cloud.patchmon.api.ScriptPlaceholders;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class AutoEnrollmentApiIntegrationTest {

    private static final String TOKENS = "/api/v1/auto-enrollment/tokens";
    private static final String ENROLL = "/api/v1/auto-enrollment/enroll";

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession session;
    private ApiSession.Account owner;
    private ApiSession.Account rival;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        session = new ApiSession(mvc);
        owner = session.signup();
        rival = session.signup();
    }

    private record Token(String id, String key, String secret) {
    }

    private JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private ResultActions send(MockHttpServletRequestBuilder request, ApiSession.Account account, Object body) throws Exception {
        request.header("Authorization", account.bearer());
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body instanceof String s ? s : json.writeValueAsString(body));
        }
        return mvc.perform(request);
    }

    private String group(ApiSession.Account account, String name) throws Exception {
        return body(send(post("/api/v1/host-groups"), account, Map.of("name", name, "color", "#3B82F6")).andExpect(status().isCreated()))
                .path("id").asText();
    }

    private Token token(ApiSession.Account account, Map<String, Object> fields) throws Exception {
        JsonNode token = body(send(post(TOKENS), account, fields).andExpect(status().isCreated())).path("token");
        return new Token(token.path("id").asText(), token.path("token_key").asText(), token.path("token_secret").asText());
    }

    private Token token(ApiSession.Account account) throws Exception {
        return token(account, Map.of("token_name", "Proxmox Production", "metadata", Map.of("integration_type", "proxmox-lxc")));
    }

    private ResultActions enroll(Token token, Object body, String remoteAddr) throws Exception {
        return mvc.perform(post(ENROLL).header("X-Auto-Enrollment-Key", token.key()).header("X-Auto-Enrollment-Secret", token.secret())
                .contentType(MediaType.APPLICATION_JSON).content(body instanceof String s ? s : json.writeValueAsString(body))
                .with(r -> {
                    r.setRemoteAddr(remoteAddr);
                    return r;
                }));
    }

    private ResultActions enroll(Token token, String name) throws Exception {
        return enroll(token, Map.of("friendly_name", name, "machine_id", "proxmox-lxc-100-" + name), "192.168.1.10");
    }

    @Test
    void aTokenIsCreatedListedFetchedUpdatedAndDeletedAsTheSpecShows() throws Exception {
        String groupId = group(owner, "Proxmox LXC");
        JsonNode created = body(send(post(TOKENS), owner, Map.of("token_name", "Proxmox Production", "max_hosts_per_day", 100,
                "default_host_group_id", groupId, "allowed_ip_ranges", List.of("192.168.1.10", "10.0.0.0/24"),
                "expires_at", "2030-12-31T23:59:59Z", "metadata", Map.of("integration_type", "proxmox-lxc", "environment", "production")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.message").value("Auto-enrollment token created successfully"))
                .andExpect(jsonPath("$.warning").value("Save the token_secret now - it cannot be retrieved later!"))
                .andExpect(jsonPath("$.token.token_name").value("Proxmox Production"))
                .andExpect(jsonPath("$.token.token_key", matchesPattern("patchmon_ae_[0-9a-f]{32}")))
                .andExpect(jsonPath("$.token.token_secret", matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.token.max_hosts_per_day").value(100))
                .andExpect(jsonPath("$.token.default_host_group.name").value("Proxmox LXC"))
                .andExpect(jsonPath("$.token.default_host_group.color").value("#3B82F6"))
                .andExpect(jsonPath("$.token.created_by.username").value(owner.username()))
                .andExpect(jsonPath("$.token.expires_at").value("2030-12-31T23:59:59Z"))
                .andExpect(jsonPath("$.token.scopes").value(nullValue())));
        String id = created.path("token").path("id").asText();

        send(get(TOKENS), owner, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].id").value(id))
                .andExpect(jsonPath("$[0].is_active").value(true))
                .andExpect(jsonPath("$[0].allowed_ip_ranges[1]").value("10.0.0.0/24"))
                .andExpect(jsonPath("$[0].hosts_created_today").value(0))
                .andExpect(jsonPath("$[0].last_used_at").value(nullValue()))
                .andExpect(jsonPath("$[0].default_host_group_id").value(groupId))
                .andExpect(jsonPath("$[0].metadata.environment").value("production"))
                .andExpect(jsonPath("$[0].host_groups.name").value("Proxmox LXC"))
                .andExpect(jsonPath("$[0].users.id").value(owner.userId()))
                .andExpect(jsonPath("$[0].token_secret").doesNotExist())
                .andExpect(content().string(not(containsString(created.path("token").path("token_secret").asText()))));
        send(get(TOKENS + "/" + id), owner, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.token_key").value(created.path("token").path("token_key").asText()))
                .andExpect(jsonPath("$.token_secret").doesNotExist());

        send(patch(TOKENS + "/" + id), owner, Map.of("is_active", false, "max_hosts_per_day", 200, "allowed_ip_ranges", List.of("192.168.1.0/24"),
                "default_host_group_id", ""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Token updated successfully"))
                .andExpect(jsonPath("$.token.is_active").value(false))
                .andExpect(jsonPath("$.token.max_hosts_per_day").value(200))
                .andExpect(jsonPath("$.token.allowed_ip_ranges[0]").value("192.168.1.0/24"))
                .andExpect(jsonPath("$.token.host_groups").value(nullValue()))
                .andExpect(jsonPath("$.token.token_name").value("Proxmox Production"));

        send(delete(TOKENS + "/" + id), owner, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Auto-enrollment token deleted successfully"))
                .andExpect(jsonPath("$.deleted_token.id").value(id))
                .andExpect(jsonPath("$.deleted_token.token_name").value("Proxmox Production"));
        send(get(TOKENS + "/" + id), owner, null).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("Auto-enrollment token not found"));
        send(get(TOKENS), owner, null).andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void tokensAreListedNewestFirst() throws Exception {
        token(owner, Map.of("token_name", "first"));
        token(owner, Map.of("token_name", "second"));

        send(get(TOKENS), owner, null).andExpect(jsonPath("$[0].token_name").value("second")).andExpect(jsonPath("$[1].token_name").value("first"));
    }

    @Test
    void badTokenInputIsRefusedInTheSpecsShapesAndChangesNothing() throws Exception {
        send(post(TOKENS), owner, "{not json").andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid JSON in request body"));
        send(post(TOKENS), owner, "{\"token_name\":\"x\",\"max_hosts_per_day\":\"lots\"}").andExpect(status().isBadRequest());
        send(post(TOKENS), owner, "{\"token_name\":\"x\",\"allowed_ip_ranges\":\"10.0.0.1\"}").andExpect(status().isBadRequest());
        send(post(TOKENS), owner, Map.of("token_name", "", "max_hosts_per_day", 0, "allowed_ip_ranges", List.of("example.com"), "expires_at", "soon"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].msg").value("Token name is required (max 255 characters)"))
                .andExpect(jsonPath("$.errors[0].param").value("token_name"))
                .andExpect(jsonPath("$.errors[0].location").value("body"))
                .andExpect(jsonPath("$.errors[1].param").value("max_hosts_per_day"))
                .andExpect(jsonPath("$.errors[2].param").value("allowed_ip_ranges"))
                .andExpect(jsonPath("$.errors[3].param").value("expires_at"));
        send(post(TOKENS), owner, Map.of("token_name", "x".repeat(256))).andExpect(status().isBadRequest());
        send(post(TOKENS), owner, Map.of("token_name", "x", "default_host_group_id", "no-such-group"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Host group not found"));
        send(post(TOKENS), owner, Map.of("token_name", "x", "scopes", Map.of("host", List.of("get"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Scopes can only be set on API integration type tokens"));
        send(get(TOKENS), owner, null).andExpect(jsonPath("$.length()").value(0));

        Token token = token(owner);
        send(patch(TOKENS + "/" + token.id()), owner, "[1]").andExpect(status().isBadRequest());
        send(patch(TOKENS + "/" + token.id()), owner, Map.of("max_hosts_per_day", 1001)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].msg").value("Max hosts per day must be between 1 and 1000"));
        send(patch(TOKENS + "/" + token.id()), owner, Map.of("default_host_group_id", "no-such-group"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Host group not found"));
        send(patch(TOKENS + "/" + token.id()), owner, Map.of("scopes", Map.of("host", List.of("get"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Scopes can only be updated for API integration type tokens"));
        send(patch(TOKENS + "/no-such-token"), owner, Map.of("is_active", false)).andExpect(status().isNotFound());
        send(delete(TOKENS + "/no-such-token"), owner, null).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("Auto-enrollment token not found"));
        send(get(TOKENS + "/" + token.id()), owner, null).andExpect(jsonPath("$.max_hosts_per_day").value(100))
                .andExpect(jsonPath("$.is_active").value(true));
    }

    @Test
    void apiTokensTakeScopes() throws Exception {
        Token token = token(owner, Map.of("token_name", "Ansible", "metadata", Map.of("integration_type", "api"),
                "scopes", Map.of("host", List.of("get"))));

        send(patch(TOKENS + "/" + token.id()), owner, Map.of("scopes", Map.of("host", List.of("get", "put"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.token.scopes.host[1]").value("put"));
    }

    @Test
    void onlyManageSettingsMayManageTokens() throws Exception {
        ApiSession.Account hostManager = session.userWithRole(owner, "host_manager");
        Token token = token(owner);

        send(get(TOKENS), hostManager, null).andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("Insufficient permissions"));
        send(post(TOKENS), hostManager, Map.of("token_name", "x")).andExpect(status().isForbidden());
        send(delete(TOKENS + "/" + token.id()), hostManager, null).andExpect(status().isForbidden());
        mvc.perform(get(TOKENS)).andExpect(status().isUnauthorized());
    }

    @Test
    void anotherOrganisationsTokensAreInvisibleAndUntouchable() throws Exception {
        Token token = token(owner);
        String rivalGroup = group(rival, "Theirs");

        send(get(TOKENS + "/" + token.id()), rival, null).andExpect(status().isNotFound());
        send(patch(TOKENS + "/" + token.id()), rival, Map.of("is_active", false)).andExpect(status().isNotFound());
        send(delete(TOKENS + "/" + token.id()), rival, null).andExpect(status().isNotFound());
        send(get(TOKENS), rival, null).andExpect(jsonPath("$.length()").value(0));
        send(patch(TOKENS + "/" + token.id()), owner, Map.of("default_host_group_id", rivalGroup))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Host group not found"));
        send(get(TOKENS + "/" + token.id()), owner, null).andExpect(status().isOk()).andExpect(jsonPath("$.is_active").value(true))
                .andExpect(jsonPath("$.default_host_group_id").value(nullValue()));
    }

    @Test
    void aTokenCannotBeCreatedWithAnotherOrganisationsDefaultGroup() throws Exception {
        String theirs = group(rival, "Proxmox LXC");

        send(post(TOKENS), owner, Map.of("token_name", "Proxmox Production", "default_host_group_id", theirs,
                        "metadata", Map.of("integration_type", "proxmox-lxc")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Host group not found"))
                .andExpect(jsonPath("$.token").doesNotExist());

        send(get(TOKENS), owner, null).andExpect(jsonPath("$.length()").value(0));
        send(get(TOKENS), rival, null).andExpect(jsonPath("$.length()").value(0));
        send(get("/api/v1/host-groups/" + theirs), rival, null).andExpect(status().isOk()).andExpect(jsonPath("$.host_count").value(0));
    }

    @Test
    void bulkEnrolmentCreatesHostsOnlyInTheTokensOrganisation() throws Exception {
        String ownGroup = group(owner, "Proxmox LXC");
        Token mine = token(owner, Map.of("token_name", "Bulk", "default_host_group_id", ownGroup));
        Token theirs = token(rival);
        String rivalHost = body(enroll(theirs, "their-01").andExpect(status().isCreated())).path("host").path("id").asText();

        JsonNode results = body(mvc.perform(post(ENROLL + "/bulk").header("X-Auto-Enrollment-Key", mine.key())
                        .header("X-Auto-Enrollment-Secret", mine.secret()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("hosts", List.of(
                                Map.of("friendly_name", "web-01", "machine_id", "proxmox-lxc-100"),
                                Map.of("friendly_name", "web-02", "machine_id", "proxmox-lxc-101"))))))
                .andExpect(status().isCreated())).path("results");
        assertThat(results.path("success").size()).isEqualTo(2);

        send(get("/api/v1/hosts"), owner, null).andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[*].host_groups[0].id").value(org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.is(ownGroup))));
        send(get("/api/v1/hosts"), rival, null).andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].id").value(rivalHost));
        for (JsonNode created : results.path("success")) {
            String id = created.path("id").asText();
            assertThat(id).isNotBlank();
            send(get("/api/v1/hosts/" + id), rival, null).andExpect(status().isNotFound());
            send(get("/api/v1/hosts/" + id), owner, null).andExpect(status().isOk());
            // The credentials handed out belong to the token's organisation: they read its hosts' settings.
            mvc.perform(get("/api/v1/hosts/integrations").header("X-API-ID", created.path("api_id").asText())
                    .header("X-API-KEY", created.path("api_key").asText())).andExpect(status().isOk());
        }
        send(get(TOKENS + "/" + mine.id()), owner, null).andExpect(jsonPath("$.hosts_created_today").value(2));
        send(get(TOKENS + "/" + theirs.id()), rival, null).andExpect(jsonPath("$.hosts_created_today").value(1));
    }

    @Test
    void aTokenEnrolsPendingHostsIntoItsOwnOrganisationOnly() throws Exception {
        String groupId = group(owner, "Proxmox LXC");
        Token token = token(owner, Map.of("token_name", "Proxmox Production", "default_host_group_id", groupId));

        JsonNode host = body(enroll(token, Map.of("friendly_name", "webserver", "machine_id", "proxmox-lxc-100-abc123",
                "metadata", Map.of("vmid", "100", "proxmox_node", "proxmox01", "ip_address", "10.0.0.10", "os_info", "Ubuntu 22.04 LTS")),
                "192.168.1.10")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.message").value("Host enrolled successfully"))
                .andExpect(jsonPath("$.host.friendly_name").value("webserver"))
                .andExpect(jsonPath("$.host.api_id", matchesPattern("patchmon_[0-9a-f]{16}")))
                .andExpect(jsonPath("$.host.api_key", matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.host.host_group.id").value(groupId))
                .andExpect(jsonPath("$.host.host_group.name").value("Proxmox LXC"))
                .andExpect(jsonPath("$.host.host_group.color").value("#3B82F6"))
                .andExpect(jsonPath("$.host.status").value("pending"))).path("host");

        send(get("/api/v1/hosts"), owner, null).andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].id").value(host.path("id").asText()))
                .andExpect(jsonPath("$[0].host_groups[0].id").value(groupId))
                .andExpect(jsonPath("$[0].notes", matchesPattern("Auto-enrolled via Proxmox Production on .*Z \\(machine ID proxmox-lxc-100-abc123\\)")));
        send(get("/api/v1/hosts"), rival, null).andExpect(jsonPath("$.length()").value(0));
        send(get("/api/v1/hosts/" + host.path("id").asText()), rival, null).andExpect(status().isNotFound());
        send(get(TOKENS + "/" + token.id()), owner, null).andExpect(jsonPath("$.hosts_created_today").value(1))
                .andExpect(jsonPath("$.last_used_at").isNotEmpty());
        // The returned credentials are the host's own: the agent's install endpoint accepts them.
        mvc.perform(get("/api/v1/hosts/install").header("X-API-ID", host.path("api_id").asText())
                .header("X-API-KEY", host.path("api_key").asText())).andExpect(status().isOk());

        Token rivalToken = token(rival);
        enroll(rivalToken, "theirs").andExpect(status().isCreated()).andExpect(jsonPath("$.host.host_group").value(nullValue()));
        send(get("/api/v1/hosts"), owner, null).andExpect(jsonPath("$.length()").value(1));
        send(get("/api/v1/hosts"), rival, null).andExpect(jsonPath("$[0].friendly_name").value("theirs"));
    }

    @Test
    void enrolmentRefusesBadCredentialsWithTheSpecsErrors() throws Exception {
        Token token = token(owner, Map.of("token_name", "Restricted", "allowed_ip_ranges", List.of("10.0.0.0/24"),
                "expires_at", "2020-01-01T00:00:00Z"));
        Token open = token(owner);
        String hostBody = "{\"friendly_name\":\"web\"}";

        mvc.perform(post(ENROLL).contentType(MediaType.APPLICATION_JSON).content(hostBody))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Auto-enrollment credentials required"));
        mvc.perform(post(ENROLL).header("X-Auto-Enrollment-Key", open.key()).contentType(MediaType.APPLICATION_JSON).content(hostBody))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Auto-enrollment credentials required"));
        enroll(new Token(null, "patchmon_ae_" + "0".repeat(32), open.secret()), hostBody, "10.0.0.1")
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid or inactive token"));
        enroll(new Token(null, open.key(), "0".repeat(64)), hostBody, "10.0.0.1")
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid token secret"));
        enroll(token, hostBody, "10.0.0.1")
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Token expired"));
        send(patch(TOKENS + "/" + token.id()), owner, Map.of("expires_at", "")).andExpect(status().isOk());
        enroll(token, hostBody, "10.0.1.1")
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("IP address not authorized for this token"));
        enroll(token, hostBody, "::ffff:10.0.0.7").andExpect(status().isCreated());
        send(patch(TOKENS + "/" + token.id()), owner, Map.of("is_active", false)).andExpect(status().isOk());
        enroll(token, hostBody, "10.0.0.1")
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid or inactive token"));
        // Credentials are checked before the body is read.
        enroll(new Token(null, open.key(), "0".repeat(64)), "{not json", "10.0.0.1").andExpect(status().isUnauthorized());

        send(get("/api/v1/hosts"), owner, null).andExpect(jsonPath("$.length()").value(1));
    }

    @Test
    void badEnrolmentBodiesAreRefusedAndCreateNothing() throws Exception {
        Token token = token(owner);

        enroll(token, "{not json", "192.168.1.10").andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid JSON in request body"));
        enroll(token, "{\"friendly_name\":{\"a\":1}}", "192.168.1.10").andExpect(status().isBadRequest());
        enroll(token, "{\"machine_id\":\"m\"}", "192.168.1.10").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].msg").value("Friendly name is required (max 255 characters)"))
                .andExpect(jsonPath("$.errors[0].param").value("friendly_name"));
        enroll(token, Map.of("friendly_name", "web", "machine_id", "m".repeat(256)), "192.168.1.10").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("machine_id"));

        send(get("/api/v1/hosts"), owner, null).andExpect(jsonPath("$.length()").value(0));
        send(get(TOKENS + "/" + token.id()), owner, null).andExpect(jsonPath("$.hosts_created_today").value(0));
    }

    @Test
    void theDailyLimitAnswers429WithTheSpecsMessage() throws Exception {
        Token token = token(owner, Map.of("token_name", "Small", "max_hosts_per_day", 2));
        enroll(token, "a").andExpect(status().isCreated());
        enroll(token, "b").andExpect(status().isCreated());

        enroll(token, "c").andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.error").value("Rate limit exceeded"))
                .andExpect(jsonPath("$.message").value("Maximum 2 hosts per day allowed for this token"))
                .andExpect(header().exists("Retry-After"));
        send(get("/api/v1/hosts"), owner, null).andExpect(jsonPath("$.length()").value(2));
    }

    @Test
    void bulkEnrolmentReportsEachHostAndKeepsItsLimits() throws Exception {
        Token token = token(owner, Map.of("token_name", "Bulk", "max_hosts_per_day", 3));

        mvc.perform(post(ENROLL + "/bulk").header("X-Auto-Enrollment-Key", token.key()).header("X-Auto-Enrollment-Secret", token.secret())
                        .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of("hosts", List.of(
                                Map.of("friendly_name", "webserver", "machine_id", "proxmox-lxc-100-abc123"),
                                Map.of("friendly_name", "database", "machine_id", "proxmox-lxc-101-def456"),
                                Map.of("machine_id", "nameless"))))))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.message").value("Bulk enrollment completed: 2 succeeded, 1 failed, 0 skipped"))
                .andExpect(jsonPath("$.results.success[0].friendly_name").value("webserver"))
                .andExpect(jsonPath("$.results.success[0].api_id", matchesPattern("patchmon_[0-9a-f]{16}")))
                .andExpect(jsonPath("$.results.success[0].api_key", matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.results.success[1].friendly_name").value("database"))
                .andExpect(jsonPath("$.results.failed[0].error").value("Friendly name is required (max 255 characters)"))
                .andExpect(jsonPath("$.results.skipped.length()").value(0));

        mvc.perform(post(ENROLL + "/bulk").header("X-Auto-Enrollment-Key", token.key()).header("X-Auto-Enrollment-Secret", token.secret())
                        .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of("hosts", List.of(
                                Map.of("friendly_name", "x"), Map.of("friendly_name", "y"))))))
                .andExpect(status().isTooManyRequests()).andExpect(jsonPath("$.message").value("Only 1 hosts remaining in daily quota"));
        List<Map<String, String>> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(Map.of("friendly_name", "h" + i));
        }
        for (Object hosts : new Object[] {List.of(), tooMany, "none"}) {
            mvc.perform(post(ENROLL + "/bulk").header("X-Auto-Enrollment-Key", token.key()).header("X-Auto-Enrollment-Secret", token.secret())
                    .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of("hosts", hosts))))
                    .andExpect(status().isBadRequest());
        }
        mvc.perform(post(ENROLL + "/bulk").contentType(MediaType.APPLICATION_JSON).content("{\"hosts\":[{\"friendly_name\":\"x\"}]}"))
                .andExpect(status().isUnauthorized());
        send(get("/api/v1/hosts"), owner, null).andExpect(jsonPath("$.length()").value(2));
    }

    @Test
    void theScriptIsServedWithTheServerAndTheCredentialsInjected() throws Exception {
        Token token = token(owner);

        String script = mvc.perform(get("/api/v1/auto-enrollment/script").param("type", "proxmox-lxc")
                        .param("token_key", token.key()).param("token_secret", token.secret()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("text/plain")))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andReturn().getResponse().getContentAsString();
        assertThat(script).startsWith("#!/usr/bin/env bash")
                .contains("PATCHMON_URL=\"${PATCHMON_URL:-http://localhost}\"")
                .contains("AUTO_ENROLLMENT_KEY=\"${AUTO_ENROLLMENT_KEY:-" + token.key() + "}\"")
                .contains("AUTO_ENROLLMENT_SECRET=\"${AUTO_ENROLLMENT_SECRET:-" + token.secret() + "}\"")
                .contains("FORCE_INSTALL=\"${FORCE_INSTALL:-false}\"")
                .contains("pct list")
                .satisfies(ScriptPlaceholders::assertAllFilled);

        String direct = mvc.perform(get("/api/v1/auto-enrollment/script").param("type", "direct-host")
                        .param("token_key", token.key()).param("token_secret", token.secret()).param("force", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(direct).contains("FORCE_INSTALL=\"${FORCE_INSTALL:-true}\"").contains(token.key()).doesNotContain("pct list");
    }

    @Test
    void theScriptNeedsAKnownTypeAndValidCredentials() throws Exception {
        Token token = token(owner);
        String script = "/api/v1/auto-enrollment/script";

        mvc.perform(get(script).param("token_key", token.key()).param("token_secret", token.secret()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid script type. Must be proxmox-lxc or direct-host"));
        mvc.perform(get(script).param("type", "windows").param("token_key", token.key()).param("token_secret", token.secret()))
                .andExpect(status().isBadRequest());
        mvc.perform(get(script).param("type", "proxmox-lxc"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Auto-enrollment credentials required"));
        mvc.perform(get(script).param("type", "proxmox-lxc").param("token_key", token.key()).param("token_secret", "0".repeat(64)))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid token secret"));
        send(patch(TOKENS + "/" + token.id()), owner, Map.of("is_active", false)).andExpect(status().isOk());
        mvc.perform(get(script).param("type", "proxmox-lxc").param("token_key", token.key()).param("token_secret", token.secret()))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid or inactive token"));
    }
}
