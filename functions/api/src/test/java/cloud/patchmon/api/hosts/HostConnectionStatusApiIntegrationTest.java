package cloud.patchmon.api.hosts;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.api.config.RealtimeConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import cloud.patchmon.core.realtime.AgentConnections;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.ConnectionGoneException;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The agent connection status on the Hosts list and Host Detail: right, tenant-confined, and cheap to read. */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000",
        "patchmon.http.capacity-header=true"})
@AutoConfigureMockMvc
@Import(HostConnectionStatusApiIntegrationTest.RecordingGateway.class)
class HostConnectionStatusApiIntegrationTest {

    /** Stands in for API Gateway's Management API: records posts, answers 410 for connections marked gone. */
    @TestConfiguration
    @Qualifier(RealtimeConfiguration.AGENTS_GATEWAY)
    static class RecordingGateway implements ConnectionGateway {
        final List<String> posted = new CopyOnWriteArrayList<>();
        final Set<String> gone = ConcurrentHashMap.newKeySet();

        @Override
        public void post(String connectionId, String message) {
            if (gone.contains(connectionId)) {
                throw new ConnectionGoneException(connectionId);
            }
            posted.add(connectionId + " " + message);
        }

        @Override
        public void disconnect(String connectionId) {
            gone.add(connectionId);
        }
    }

    private static final Pattern READ_UNITS = Pattern.compile("rcu=([0-9.]+)");

    @Autowired
    MockMvc mvc;
    @Autowired
    AgentConnections connections;
    @Autowired
    RecordingGateway gateway;
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
        gateway.posted.clear();
        gateway.gone.clear();
    }

    private MockHttpServletResponse call(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private String host(ApiSession.Account account, String name) throws Exception {
        return json.readTree(call(post("/api/v1/hosts").header("Authorization", account.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("friendly_name", name, "os_family", "linux")))).getContentAsString()).path("host").path("id").asText();
    }

    private TenantContext tenantOf(ApiSession.Account account) throws Exception {
        String tenant = json.readTree(call(get("/api/v1/auth/me").header("Authorization", account.bearer())).getContentAsString())
                .path("tenant").path("id").asText();
        return TenantContext.system(new TenantId(tenant), "test");
    }

    private JsonNode list(ApiSession.Account account) throws Exception {
        return json.readTree(call(get("/api/v1/hosts").header("Authorization", account.bearer())).getContentAsString());
    }

    private double readUnitsOfList(ApiSession.Account account) throws Exception {
        Matcher m = READ_UNITS.matcher(call(get("/api/v1/hosts").header("Authorization", account.bearer())).getHeader("X-Consumed-Capacity"));
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theListAndDetailShowWhichHostsAreConnectedAndHow() throws Exception {
        String web = host(owner, "web-1");
        String db = host(owner, "db-1");
        connections.connected(tenantOf(owner), web, "conn-web=", true, "198.51.100.1");

        JsonNode hosts = list(owner);
        JsonNode webView = hosts.findParents("id").stream().filter(h -> h.path("id").asText().equals(web)).findFirst().orElseThrow();
        JsonNode dbView = hosts.findParents("id").stream().filter(h -> h.path("id").asText().equals(db)).findFirst().orElseThrow();
        assertThat(webView.path("connected").asBoolean()).isTrue();
        assertThat(webView.path("connection_secure").asBoolean()).isTrue();
        assertThat(webView.path("connected_at").asText()).isNotEmpty();
        assertThat(dbView.path("connected").asBoolean()).isFalse();
        assertThat(dbView.path("connection_secure").isNull()).isTrue();
        assertThat(dbView.path("connected_at").isNull()).isTrue();

        JsonNode detail = json.readTree(call(get("/api/v1/hosts/" + web).header("Authorization", owner.bearer())).getContentAsString());
        assertThat(detail.path("connected").asBoolean()).isTrue();
        connections.disconnected(tenantOf(owner), web, "conn-web=");
        detail = json.readTree(call(get("/api/v1/hosts/" + web).header("Authorization", owner.bearer())).getContentAsString());
        assertThat(detail.path("connected").asBoolean()).isFalse();
    }

    @Test
    void anotherTenantNeitherSeesNorBorrowsAConnection() throws Exception {
        String web = host(owner, "web-1");
        String rivalHost = host(rival, "rival-1");
        connections.connected(tenantOf(owner), web, "conn-web=", true, "198.51.100.1");
        // A record naming the rival's host id under the owner's tenant must not mark the rival's host connected.
        connections.connected(tenantOf(owner), rivalHost, "conn-forged=", true, "198.51.100.2");

        assertThat(call(get("/api/v1/hosts/" + web).header("Authorization", rival.bearer())).getStatus()).isEqualTo(404);
        JsonNode rivalList = list(rival);
        assertThat(rivalList).hasSize(1);
        assertThat(rivalList.get(0).path("connected").asBoolean()).isFalse();
        JsonNode rivalDetail = json.readTree(call(get("/api/v1/hosts/" + rivalHost).header("Authorization", rival.bearer())).getContentAsString());
        assertThat(rivalDetail.path("connected").asBoolean()).isFalse();
    }

    @Test
    void connectionStatusAddsOneQueryToTheListNotOneReadPerHost() throws Exception {
        TenantContext ctx = tenantOf(owner);
        for (int i = 0; i < 8; i++) {
            host(owner, "web-" + i);
        }
        double disconnected = readUnitsOfList(owner);
        for (JsonNode h : list(owner)) {
            connections.connected(ctx, h.path("id").asText(), "conn-" + h.path("id").asText(), true, "198.51.100.1");
        }
        double connected = readUnitsOfList(owner);
        // Eight strongly consistent gets would cost 8 units; the one eventually consistent query costs half of one.
        assertThat(connected - disconnected).isLessThanOrEqualTo(0.5);
        assertThat(list(owner)).allSatisfy(h -> assertThat(h.path("connected").asBoolean()).isTrue());
    }

    private MockHttpServletResponse fetchReport(ApiSession.Account account, String hostId) throws Exception {
        return call(post("/api/v1/hosts/" + hostId + "/fetch-report").header("Authorization", account.bearer()));
    }

    @Test
    void fetchReportSendsReportNowToTheHostsConnectionOnly() throws Exception {
        String web = host(owner, "web-1");
        String db = host(owner, "db-1");
        connections.connected(tenantOf(owner), web, "conn-fetch=", true, "198.51.100.1");

        MockHttpServletResponse sent = fetchReport(owner, web);
        assertThat(sent.getStatus()).isEqualTo(200);
        JsonNode answer = json.readTree(sent.getContentAsString());
        assertThat(answer.get("message").asText()).isEqualTo("Report requested");
        String jobId = answer.get("job_id").asText();
        assertThat(gateway.posted).singleElement().asString().startsWith("conn-fetch= ");
        assertThat(json.readTree(gateway.posted.get(0).substring("conn-fetch= ".length())))
                .isEqualTo(json.readTree("{\"type\":\"report_now\",\"job_id\":\"" + jobId + "\"}"));

        MockHttpServletResponse offline = fetchReport(owner, db);
        assertThat(offline.getStatus()).isEqualTo(409);
        assertThat(offline.getContentAsString()).isEqualTo("{\"error\":\"Agent is not connected\"}");
        assertThat(fetchReport(owner, "no-such-host").getStatus()).isEqualTo(404);
        assertThat(gateway.posted).hasSize(1);
    }

    @Test
    void fetchReportCannotReachAnotherTenantsHost() throws Exception {
        String web = host(owner, "web-1");
        connections.connected(tenantOf(owner), web, "conn-owner=", true, "198.51.100.1");
        String rivalHost = host(rival, "rival-1");
        // Even a connection record under the owner's tenant naming the rival's host is never the rival's to use.
        connections.connected(tenantOf(owner), rivalHost, "conn-forged=", true, "198.51.100.2");

        MockHttpServletResponse response = fetchReport(rival, web);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString()).isEqualTo("{\"error\":\"Host not found\"}");
        assertThat(fetchReport(rival, rivalHost).getStatus()).isEqualTo(409);
        assertThat(gateway.posted).noneMatch(p -> p.startsWith("conn-owner=") || p.startsWith("conn-forged="));
    }

    @Test
    void aGoneConnectionAnswers409AndTheHostShowsDisconnected() throws Exception {
        String web = host(owner, "web-1");
        connections.connected(tenantOf(owner), web, "conn-gone=", true, "198.51.100.1");
        gateway.gone.add("conn-gone=");

        assertThat(fetchReport(owner, web).getStatus()).isEqualTo(409);
        JsonNode detail = json.readTree(call(get("/api/v1/hosts/" + web).header("Authorization", owner.bearer())).getContentAsString());
        assertThat(detail.path("connected").asBoolean()).isFalse();
    }
}
