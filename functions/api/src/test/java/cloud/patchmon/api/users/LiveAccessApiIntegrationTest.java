package cloud.patchmon.api.users;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.api.config.RealtimeConfiguration;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.realtime.UiSessions;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** Settings → Users and Roles edits end the live subscriptions and connections the user may no longer hold, over HTTP. */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
@Import(LiveAccessApiIntegrationTest.UiGateway.class)
class LiveAccessApiIntegrationTest {

    /** Stands in for the ui API's Management API. */
    @TestConfiguration
    @Qualifier(RealtimeConfiguration.UI_GATEWAY)
    static class UiGateway implements ConnectionGateway {
        final List<String> posted = new CopyOnWriteArrayList<>();
        final Set<String> closed = ConcurrentHashMap.newKeySet();

        @Override
        public void post(String connectionId, String message) {
            posted.add(connectionId + " " + message);
        }

        @Override
        public void disconnect(String connectionId) {
            closed.add(connectionId);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    ItemStore store;
    @Autowired
    UiGateway gateway;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private ApiSession.Account bob;
    private UiSessions sessions;
    private UiConnectionRepository connections;
    private TenantContext bobs;
    private String web;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        ApiSession session = new ApiSession(mvc);
        owner = session.signup();
        bob = session.userWithRole(owner, "host_manager");
        sessions = new UiSessions(store, (ctx, runId) -> false, Clock.systemUTC());
        connections = new UiConnectionRepository(store);
        web = body(send(owner, post("/api/v1/hosts"), "{\"friendly_name\":\"web-1\",\"os_family\":\"linux\"}")).path("host").path("id").asText();
        String tenant = body(send(owner, get("/api/v1/auth/me"), null)).path("tenant").path("id").asText();
        bobs = new TenantContext(new TenantId(tenant), new TenantContext.Principal(TenantContext.Principal.Kind.USER, bob.userId()));
        sessions.connected(bobs, "bob-1=");
        sessions.subscribe(bobs, "bob-1=", "host:" + web);
        gateway.posted.clear();
        gateway.closed.clear();
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

    @Test
    void aRoleChangeWithoutCanViewHostsEndsTheSubscriptionAndTellsTheBrowser() throws Exception {
        send(owner, post("/api/v1/roles"), json.writeValueAsString(Map.of("name", "auditor", "permissions", Map.of("can_view_reports", true))));

        assertThat(send(owner, put("/api/v1/users/" + bob.userId()), "{\"role\":\"auditor\"}").getStatus()).isEqualTo(200);

        assertThat(connections.channelsOf(bobs, "bob-1=")).isEmpty();
        assertThat(gateway.posted).singleElement().asString().startsWith("bob-1= ").contains("\"type\":\"unsubscribed\"")
                .contains("\"reason\":\"access_revoked\"");
        assertThat(gateway.closed).isEmpty();
    }

    @Test
    void editingTheRolesPermissionsEndsItsHoldersSubscriptions() throws Exception {
        MockHttpServletResponse edited = send(owner, put("/api/v1/roles/host_manager"),
                json.writeValueAsString(Map.of("permissions", Map.of("can_view_reports", true))));
        assertThat(edited.getStatus()).as(edited.getContentAsString()).isEqualTo(200);

        assertThat(connections.channelsOf(bobs, "bob-1=")).isEmpty();
    }

    @Test
    void deactivatingOrDeletingTheUserClosesTheConnection() throws Exception {
        assertThat(send(owner, put("/api/v1/users/" + bob.userId()), "{\"is_active\":false}").getStatus()).isEqualTo(200);
        assertThat(gateway.closed).containsExactly("bob-1=");
        assertThat(connections.find(bobs, "bob-1=")).isEmpty();
        assertThat(connections.subscribers(bobs, "host:" + web)).isEmpty();

        sessions.connected(bobs, "bob-2=");
        assertThat(send(owner, delete("/api/v1/users/" + bob.userId()), null).getStatus()).isEqualTo(200);
        assertThat(gateway.closed).contains("bob-2=");
        assertThat(connections.find(bobs, "bob-2=")).isEmpty();
    }

    @Test
    void aProfileEditLeavesTheSubscriptionsAlone() throws Exception {
        assertThat(send(owner, put("/api/v1/users/" + bob.userId()), "{\"first_name\":\"Bob\"}").getStatus()).isEqualTo(200);
        assertThat(connections.channelsOf(bobs, "bob-1=")).containsExactly("host:" + web);
        assertThat(gateway.posted).isEmpty();
    }
}
