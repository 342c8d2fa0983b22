package cloud.patchmon.api.hosts;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.api.config.RealtimeConfiguration;
import cloud.patchmon.core.health.HostDown;
import cloud.patchmon.core.health.HostHealthRepository;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.UiConnection;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.storage.ItemStore;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** What the api pushes to browsers watching a host, and the host_down status it shows, tenant-confined. */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
@Import(HostLiveEventsApiIntegrationTest.Browsers.class)
class HostLiveEventsApiIntegrationTest {

    /** The ui API's Management API, recording what browsers would receive. */
    @TestConfiguration
    static class Browsers {
        final List<String> posted = new CopyOnWriteArrayList<>();

        @Bean(RealtimeConfiguration.UI_GATEWAY)
        ConnectionGateway uiGateway() {
            return (connectionId, message) -> posted.add(connectionId + " " + message);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    ItemStore store;
    @Autowired
    Browsers browsers;
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
        browsers.posted.clear();
    }

    private JsonNode created(ApiSession.Account account, String name) throws Exception {
        return json.readTree(mvc.perform(post("/api/v1/hosts").header("Authorization", account.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("friendly_name", name, "os_family", "linux")))).andReturn().getResponse().getContentAsString());
    }

    private TenantContext tenantOf(ApiSession.Account account) throws Exception {
        String tenant = json.readTree(mvc.perform(get("/api/v1/auth/me").header("Authorization", account.bearer())).andReturn().getResponse()
                .getContentAsString()).path("tenant").path("id").asText();
        return TenantContext.system(new TenantId(tenant), "test");
    }

    private void watch(ApiSession.Account account, String connectionId, String hostId) throws Exception {
        UiConnectionRepository connections = new UiConnectionRepository(store);
        UiConnection connection = new UiConnection(connectionId, account.userId(), Instant.now());
        connections.save(tenantOf(account), connection);
        connections.subscribe(tenantOf(account), connection, "host:" + hostId);
    }

    private void report(JsonNode host) throws Exception {
        mvc.perform(post("/api/v1/hosts/update").header("X-API-ID", host.path("api_id").asText()).header("X-API-KEY", host.path("api_key").asText())
                .contentType(MediaType.APPLICATION_JSON).content("{\"packages\":[{\"name\":\"bash\",\"currentVersion\":\"5.2\",\"needsUpdate\":false}]}"))
                .andReturn();
    }

    @Test
    void aFirstReportIsAnnouncedAsStartedThenReceivedAndLaterOnesAsReceived() throws Exception {
        JsonNode web = created(owner, "web-1");
        String hostId = web.path("host").path("id").asText();
        watch(owner, "b1", hostId);

        report(web);
        assertThat(browsers.posted).hasSize(2).allSatisfy(m -> assertThat(m).startsWith("b1 "));
        JsonNode started = json.readTree(browsers.posted.get(0).substring(3));
        JsonNode received = json.readTree(browsers.posted.get(1).substring(3));
        assertThat(started.path("type").asText()).isEqualTo("report_started");
        assertThat(started.path("channel").asText()).isEqualTo("host:" + hostId);
        assertThat(received.path("type").asText()).isEqualTo("report_received");
        assertThat(received.path("status").asText()).isEqualTo("active");
        assertThat(Instant.parse(received.path("last_update").asText())).isNotNull();

        browsers.posted.clear();
        report(web);
        assertThat(browsers.posted).singleElement().satisfies(m -> assertThat(m).contains("\"type\":\"report_received\""));
    }

    @Test
    void aCheckInIsAnnouncedAsSeen() throws Exception {
        JsonNode web = created(owner, "web-1");
        watch(owner, "b1", web.path("host").path("id").asText());
        mvc.perform(post("/api/v1/hosts/ping").header("X-API-ID", web.path("api_id").asText()).header("X-API-KEY", web.path("api_key").asText())
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn();
        assertThat(browsers.posted).singleElement().satisfies(m -> {
            JsonNode frame = json.readTree(m.substring(3));
            assertThat(frame.path("type").asText()).isEqualTo("host_seen");
            assertThat(Instant.parse(frame.path("last_update").asText())).isNotNull();
        });
    }

    @Test
    void anotherTenantsReportsReachNoneOfThisTenantsBrowsers() throws Exception {
        JsonNode mine = created(owner, "web-1");
        JsonNode theirs = created(rival, "web-1");
        watch(owner, "b1", mine.path("host").path("id").asText());
        // A browser of the rival that somehow named the owner's host id watches its own tenant's channel of that name.
        watch(rival, "r1", mine.path("host").path("id").asText());

        report(theirs);
        assertThat(browsers.posted).isEmpty();
        report(mine);
        assertThat(browsers.posted).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("b1 "));
    }

    @Test
    void aDownHostIsShownDownOnTheListAndDetailOfItsTenantOnly() throws Exception {
        String web = created(owner, "web-1").path("host").path("id").asText();
        String db = created(owner, "db-1").path("host").path("id").asText();
        Instant since = Instant.parse("2026-12-01T09:00:00Z");
        new HostHealthRepository(store).raise(tenantOf(owner), new HostDown(web, since, HostDown.DISCONNECTED));
        new HostHealthRepository(store).raise(tenantOf(rival), new HostDown(db, since, HostDown.MISSED_UPDATES));

        JsonNode list = json.readTree(mvc.perform(get("/api/v1/hosts").header("Authorization", owner.bearer())).andReturn().getResponse().getContentAsString());
        for (JsonNode host : list) {
            boolean isWeb = host.path("id").asText().equals(web);
            assertThat(host.path("is_down").asBoolean()).as(host.path("friendly_name").asText()).isEqualTo(isWeb);
            assertThat(host.path("down_reason").isNull()).isEqualTo(!isWeb);
        }
        JsonNode detail = json.readTree(mvc.perform(get("/api/v1/hosts/" + web).header("Authorization", owner.bearer())).andReturn().getResponse().getContentAsString());
        assertThat(detail.path("is_down").asBoolean()).isTrue();
        assertThat(detail.path("down_reason").asText()).isEqualTo("disconnected");
        assertThat(Instant.parse(detail.path("down_since").asText())).isEqualTo(since);
        JsonNode dbDetail = json.readTree(mvc.perform(get("/api/v1/hosts/" + db).header("Authorization", owner.bearer())).andReturn().getResponse().getContentAsString());
        assertThat(dbDetail.path("is_down").asBoolean()).isFalse();
    }
}
