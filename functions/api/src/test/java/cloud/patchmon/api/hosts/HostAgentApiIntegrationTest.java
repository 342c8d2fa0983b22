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
import org.springframework.test.web.servlet.RequestBuilder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** The Agent Queue routes, the Integrations tab's staging and Apply, and the pushed interval, over HTTP. */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
@Import(HostConnectionStatusApiIntegrationTest.RecordingGateway.class)
class HostAgentApiIntegrationTest {

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
        gateway.gone.clear();
    }

    private MockHttpServletResponse call(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private JsonNode body(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString());
    }

    private String host(ApiSession.Account account, String name) throws Exception {
        return body(call(post("/api/v1/hosts").header("Authorization", account.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("friendly_name", name, "os_family", "linux"))))).path("host").path("id").asText();
    }

    private TenantContext tenantOf(ApiSession.Account account) throws Exception {
        String tenant = body(call(get("/api/v1/auth/me").header("Authorization", account.bearer()))).path("tenant").path("id").asText();
        return TenantContext.system(new TenantId(tenant), "test");
    }

    private MockHttpServletResponse send(ApiSession.Account account, org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
                                         String content) throws Exception {
        request.header("Authorization", account.bearer());
        if (content != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(content);
        }
        return call(request);
    }

    /** An Integration API credential (usage "api", scope host:get) of the account's tenant, as its Basic header. */
    private String apiKey(ApiSession.Account account) throws Exception {
        JsonNode created = body(send(account, post("/api/v1/auto-enrollment/tokens"), json.writeValueAsString(Map.of("token_name", "Queue",
                "metadata", Map.of("integration_type", "api"), "scopes", Map.of("host", java.util.List.of("get"))))));
        return "Basic " + java.util.Base64.getEncoder().encodeToString((created.path("token").path("token_key").asText() + ":"
                + created.path("token").path("token_secret").asText()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private MockHttpServletResponse integration(String basic, String path) throws Exception {
        return call(get(path).header("Authorization", basic));
    }

    @Test
    void aFetchReportShowsInBothQueueRoutesAndItsAckCompletesIt() throws Exception {
        String web = host(owner, "web-1");
        TenantContext ctx = tenantOf(owner);
        realtime.connections().connected(ctx, web, "c-web=", true, "192.0.2.1");
        String jobId = body(send(owner, post("/api/v1/hosts/" + web + "/fetch-report"), null)).path("job_id").asText();

        JsonNode queue = body(send(owner, get("/api/v1/hosts/" + web + "/agent-queue"), null));
        assertThat(queue.path("host_id").asText()).isEqualTo(web);
        assertThat(queue.path("queue_status").path("active").asInt()).isEqualTo(1);
        assertThat(queue.path("job_history").get(0).path("job_name").asText()).isEqualTo("report_now");

        realtime.messages().accept(ctx, web, "{\"type\":\"command_ack\",\"job_id\":\"" + jobId + "\",\"status\":\"completed\"}");
        JsonNode integration = body(integration(apiKey(owner), "/api/v1/api/hosts/" + web + "/agent_queue?limit=5"));
        assertThat(integration.path("total_jobs").asInt()).isEqualTo(1);
        assertThat(integration.path("queue_status").path("active").asInt()).isZero();
        JsonNode job = integration.path("job_history").get(0);
        assertThat(job.path("job_id").asText()).isEqualTo(jobId);
        assertThat(job.path("status").asText()).isEqualTo("completed");
        assertThat(job.path("attempt").asInt()).isEqualTo(1);
        assertThat(job.path("completed_at").asText()).isNotEmpty();
        assertThat(job.has("error_message")).isTrue();
        assertThat(job.has("output")).isTrue();
    }

    @Test
    void anotherTenantGets404AndBadLimitsA400() throws Exception {
        String web = host(owner, "web-1");
        for (var request : new org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder[]{
                get("/api/v1/hosts/" + web + "/agent-queue"),
                get("/api/v1/hosts/" + web + "/integrations"), post("/api/v1/hosts/" + web + "/apply-config"),
                post("/api/v1/hosts/" + web + "/update-agent"), post("/api/v1/hosts/" + web + "/fetch-report")}) {
            MockHttpServletResponse answer = send(rival, request, null);
            assertThat(answer.getStatus()).as(request.toString()).isEqualTo(404);
            assertThat(body(answer).path("error").asText()).isEqualTo("Host not found");
        }
        assertThat(send(rival, put("/api/v1/hosts/" + web + "/pending-config"), "{\"docker\":true}").getStatus()).isEqualTo(404);
        MockHttpServletResponse rivalsKey = integration(apiKey(rival), "/api/v1/api/hosts/" + web + "/agent_queue");
        assertThat(rivalsKey.getStatus()).as("another tenant's API key").isEqualTo(404);
        assertThat(body(rivalsKey).path("error").asText()).isEqualTo("Host not found");
        assertThat(body(send(owner, get("/api/v1/hosts/" + web + "/integrations"), null)).path("pending").isNull()).isTrue();
        assertThat(integration(apiKey(owner), "/api/v1/api/hosts/" + web + "/agent_queue?limit=0").getStatus()).isEqualTo(400);
        assertThat(send(owner, get("/api/v1/api/hosts/" + web + "/agent_queue"), null).getStatus()).as("a user's session").isEqualTo(401);
        assertThat(send(owner, get("/api/v1/hosts/" + web + "/agent-queue?limit=abc"), null).getStatus()).isEqualTo(400);
        assertThat(send(owner, put("/api/v1/hosts/" + web + "/pending-config"), "{\"compliance\":\"sometimes\"}").getStatus()).isEqualTo(400);
        assertThat(send(owner, put("/api/v1/hosts/" + web + "/pending-config"), "{\"docker\":\"yes\"}").getStatus()).isEqualTo(400);
        assertThat(send(viewer, put("/api/v1/hosts/" + web + "/pending-config"), "{\"docker\":true}").getStatus()).isEqualTo(403);
        assertThat(send(viewer, get("/api/v1/hosts/" + web + "/agent-queue"), null).getStatus()).isEqualTo(200);
        assertThat(gateway.posted).isEmpty();
    }

    @Test
    void applySendsTheStagedToggleAndTheAckMakesItTheHosts() throws Exception {
        String web = host(owner, "web-1");
        TenantContext ctx = tenantOf(owner);
        JsonNode staged = body(send(owner, put("/api/v1/hosts/" + web + "/pending-config"), "{\"docker\":true}"));
        assertThat(staged.path("pending").path("docker").asBoolean()).isTrue();

        // Offline: queued, and delivered when the agent connects.
        MockHttpServletResponse applied = send(owner, post("/api/v1/hosts/" + web + "/apply-config"), null);
        assertThat(applied.getStatus()).isEqualTo(202);
        assertThat(body(applied).path("job").path("status").asText()).isEqualTo("delayed");
        realtime.connections().connected(ctx, web, "c-web=", true, "192.0.2.1");
        realtime.jobs().deliverPending(ctx, web);
        assertThat(gateway.posted).singleElement().asString().contains("\"type\":\"apply_config\"").contains("\"config\":{\"docker\":true}");

        String jobId = body(applied).path("job").path("job_id").asText();
        realtime.messages().accept(ctx, web, "{\"type\":\"command_ack\",\"job_id\":\"" + jobId + "\",\"status\":\"completed\"}");
        JsonNode view = body(send(owner, get("/api/v1/hosts/" + web + "/integrations"), null));
        assertThat(view.path("pending").isNull()).isTrue();
        assertThat(view.path("integrations").path("docker").asBoolean()).isTrue();
        assertThat(body(send(owner, get("/api/v1/hosts/" + web), null)).path("docker_enabled").asBoolean()).isTrue();
    }

    @Test
    void anIntervalChangeIsPushedToTheTenantsConnectedAgentsOnly() throws Exception {
        String web = host(owner, "web-1");
        String other = host(rival, "db-1");
        realtime.connections().connected(tenantOf(owner), web, "c-web=", true, "192.0.2.1");
        realtime.connections().connected(tenantOf(rival), other, "c-db=", true, "192.0.2.2");

        JsonNode answer = body(send(owner, put("/api/v1/settings/agent-updates"), "{\"update_interval\":15}"));
        assertThat(answer.path("update_interval").asInt()).isEqualTo(15);
        assertThat(answer.path("agents_notified").asInt()).isEqualTo(1);
        assertThat(gateway.posted).singleElement().asString().startsWith("c-web= ").contains("\"update_interval\":15");
        assertThat(body(send(owner, get("/api/v1/settings/agent-updates"), null)).path("update_interval").asInt()).isEqualTo(15);
        assertThat(send(owner, put("/api/v1/settings/agent-updates"), "{\"update_interval\":0}").getStatus()).isEqualTo(400);
        assertThat(send(owner, put("/api/v1/settings/agent-updates"), "{\"update_interval\":\"15\"}").getStatus()).isEqualTo(400);
        assertThat(send(viewer, put("/api/v1/settings/agent-updates"), "{\"update_interval\":30}").getStatus()).isEqualTo(403);
        assertThat(gateway.posted).hasSize(1);
    }

    @Test
    void regeneratingCredentialsClosesTheAgentsConnection() throws Exception {
        String web = host(owner, "web-1");
        realtime.connections().connected(tenantOf(owner), web, "c-web=", true, "192.0.2.1");
        assertThat(send(owner, post("/api/v1/hosts/" + web + "/regenerate-credentials"), null).getStatus()).isEqualTo(200);
        assertThat(gateway.gone).containsExactly("c-web=");
    }
}
