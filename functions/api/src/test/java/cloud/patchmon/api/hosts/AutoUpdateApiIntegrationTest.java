package cloud.patchmon.api.hosts;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** Settings → Agent Updates' switch, Host Detail's per-host switch, and what agents are told, over HTTP. */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
@Import(HostConnectionStatusApiIntegrationTest.RecordingGateway.class)
class AutoUpdateApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    AgentRealtime realtime;
    @Autowired
    HostConnectionStatusApiIntegrationTest.RecordingGateway gateway;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private ApiSession.Account rival;
    private ApiSession.Account viewer;

    private record Agent(String hostId, String apiId, String apiKey) {
    }

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        ApiSession session = new ApiSession(mvc);
        owner = session.signup();
        rival = session.signup();
        viewer = session.userWithRole(owner, "readonly");
        gateway.posted.clear();
    }

    private MockHttpServletResponse send(ApiSession.Account account, MockHttpServletRequestBuilder request, String content) throws Exception {
        request.header("Authorization", account.bearer());
        if (content != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(content);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private JsonNode body(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString());
    }

    private Agent host(ApiSession.Account account, String name) throws Exception {
        JsonNode created = body(send(account, post("/api/v1/hosts"), json.writeValueAsString(Map.of("friendly_name", name, "os_family", "linux"))));
        return new Agent(created.path("host").path("id").asText(), created.path("api_id").asText(), created.path("api_key").asText());
    }

    private TenantContext tenantOf(ApiSession.Account account) throws Exception {
        String tenant = body(send(account, get("/api/v1/auth/me"), null)).path("tenant").path("id").asText();
        return TenantContext.system(new TenantId(tenant), "test");
    }

    private JsonNode agentGet(Agent agent, String path) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path).header("X-API-ID", agent.apiId()).header("X-API-KEY", agent.apiKey()))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return body(response);
    }

    private JsonNode version(Agent agent) throws Exception {
        return agentGet(agent, "/api/v1/hosts/agent/version?type=java&currentVersion=1.0.0");
    }

    @Test
    void theGlobalSwitchOffDisablesEveryHostsAutoUpdateAndIsPushedToConnectedAgents() throws Exception {
        Agent web = host(owner, "web-1");
        Agent theirs = host(rival, "db-1");
        realtime.connections().connected(tenantOf(owner), web.hostId(), "c-web=", true, "192.0.2.1");
        realtime.connections().connected(tenantOf(rival), theirs.hostId(), "c-db=", true, "192.0.2.2");
        assertThat(body(send(owner, get("/api/v1/settings/agent-updates"), null)).path("auto_update").asBoolean()).isTrue();
        assertThat(version(web).path("autoUpdateDisabled").asBoolean()).isFalse();
        assertThat(version(web).path("autoUpdateDisabledReason").asText()).isEmpty();

        JsonNode answer = body(send(owner, put("/api/v1/settings/agent-updates"), "{\"auto_update\":false}"));

        assertThat(answer.path("auto_update").asBoolean()).isFalse();
        assertThat(answer.path("update_interval").asInt()).as("kept").isEqualTo(60);
        assertThat(answer.path("agents_notified").asInt()).isEqualTo(1);
        assertThat(gateway.posted).singleElement().asString().startsWith("c-web= ").contains("\"type\":\"settings_update\"")
                .contains("\"auto_update\":false").doesNotContain("update_interval");
        assertThat(version(web).path("autoUpdateDisabled").asBoolean()).isTrue();
        assertThat(version(web).path("autoUpdateDisabledReason").asText()).isEqualTo("Auto-update is disabled in Settings → Agent Updates");
        assertThat(agentGet(web, "/api/v1/settings/update-interval").path("autoUpdate").asBoolean()).isFalse();
        assertThat(version(theirs).path("autoUpdateDisabled").asBoolean()).as("another tenant's agents").isFalse();
        assertThat(body(send(owner, get("/api/v1/hosts/" + web.hostId() + "/auto-update"), null)).path("global_auto_update").asBoolean()).isFalse();
    }

    @Test
    void badAgentUpdatesBodiesAre400sAndChangeNothing() throws Exception {
        for (String bad : new String[] {"{}", "{\"auto_update\":\"no\"}", "{\"auto_update\":0}", "{\"update_interval\":30,\"auto_update\":null}",
                "{\"update_interval\":0,\"auto_update\":false}", "[]"}) {
            MockHttpServletResponse response = send(owner, put("/api/v1/settings/agent-updates"), bad);
            assertThat(response.getStatus()).as(bad).isEqualTo(400);
            assertThat(body(response).has("errors") || body(response).has("error")).as(bad).isTrue();
        }
        assertThat(send(owner, put("/api/v1/settings/agent-updates"), "{\"auto_update\":").getStatus()).isEqualTo(400);
        JsonNode current = body(send(owner, get("/api/v1/settings/agent-updates"), null));
        assertThat(current.path("auto_update").asBoolean()).isTrue();
        assertThat(current.path("update_interval").asInt()).isEqualTo(60);
        assertThat(send(viewer, put("/api/v1/settings/agent-updates"), "{\"auto_update\":false}").getStatus()).isEqualTo(403);
    }

    @Test
    void theHostSwitchDisablesThatHostOnlyAndReachesItsConnectedAgent() throws Exception {
        Agent web = host(owner, "web-1");
        Agent api = host(owner, "api-1");
        realtime.connections().connected(tenantOf(owner), web.hostId(), "c-web=", true, "192.0.2.1");

        JsonNode off = body(send(owner, patch("/api/v1/hosts/" + web.hostId() + "/auto-update"), "{\"auto_update\":false}"));

        assertThat(off.path("host_id").asText()).isEqualTo(web.hostId());
        assertThat(off.path("auto_update").asBoolean()).isFalse();
        assertThat(off.path("global_auto_update").asBoolean()).isTrue();
        assertThat(off.path("effective").asBoolean()).isFalse();
        assertThat(off.path("agent_notified").asBoolean()).isTrue();
        assertThat(gateway.posted).singleElement().asString().startsWith("c-web= ").contains("\"auto_update\":false");
        assertThat(version(web).path("autoUpdateDisabled").asBoolean()).isTrue();
        assertThat(version(web).path("autoUpdateDisabledReason").asText()).isEqualTo("Auto-update is disabled for this host");
        assertThat(version(api).path("autoUpdateDisabled").asBoolean()).isFalse();
        assertThat(body(send(viewer, get("/api/v1/hosts/" + web.hostId() + "/auto-update"), null)).path("auto_update").asBoolean())
                .as("readable with can_view_hosts").isFalse();

        JsonNode on = body(send(owner, patch("/api/v1/hosts/" + web.hostId() + "/auto-update"), "{\"auto_update\":true}"));
        assertThat(on.path("effective").asBoolean()).isTrue();
        assertThat(version(web).path("autoUpdateDisabled").asBoolean()).isFalse();
        assertThat(agentGet(web, "/api/v1/settings/update-interval").path("autoUpdate").asBoolean()).isTrue();
    }

    @Test
    void anotherTenantsHostIdIs404AndChangesNothing() throws Exception {
        Agent theirs = host(rival, "db-1");
        realtime.connections().connected(tenantOf(rival), theirs.hostId(), "c-db=", true, "192.0.2.2");

        MockHttpServletResponse refused = send(owner, patch("/api/v1/hosts/" + theirs.hostId() + "/auto-update"), "{\"auto_update\":false}");
        assertThat(refused.getStatus()).isEqualTo(404);
        assertThat(body(refused).path("error").asText()).isEqualTo("Host not found");
        assertThat(send(owner, get("/api/v1/hosts/" + theirs.hostId() + "/auto-update"), null).getStatus()).isEqualTo(404);
        assertThat(send(owner, patch("/api/v1/hosts/no-such-host/auto-update"), "{\"auto_update\":false}").getStatus()).isEqualTo(404);

        assertThat(version(theirs).path("autoUpdateDisabled").asBoolean()).isFalse();
        assertThat(body(send(rival, get("/api/v1/hosts/" + theirs.hostId() + "/auto-update"), null)).path("auto_update").asBoolean()).isTrue();
        assertThat(gateway.posted).isEmpty();
    }

    @Test
    void badHostSwitchBodiesAre400sAndAViewerMayNotChangeIt() throws Exception {
        Agent web = host(owner, "web-1");
        for (String bad : new String[] {"{}", "{\"auto_update\":\"false\"}", "{\"auto_update\":1}", "{\"autoUpdate\":false}", "{\"auto_update\":"}) {
            assertThat(send(owner, patch("/api/v1/hosts/" + web.hostId() + "/auto-update"), bad).getStatus()).as(bad).isEqualTo(400);
        }
        assertThat(send(viewer, patch("/api/v1/hosts/" + web.hostId() + "/auto-update"), "{\"auto_update\":false}").getStatus()).isEqualTo(403);
        assertThat(version(web).path("autoUpdateDisabled").asBoolean()).isFalse();
    }
}
