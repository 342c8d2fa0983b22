package cloud.patchmon.api.patching;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.api.auth.AuthCookies;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.PlanModule;
import cloud.patchmon.core.tenants.TenantPlanService;
import cloud.patchmon.core.workflows.Workflows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The plan's capability modules (admin guide ch. 8, 10): what the session answers list and what the patching routes refuse. */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class PlanModulesApiIntegrationTest {

    private static final String NO_PATCHING = "The patching module is not enabled on your plan";
    private static final String NO_POLICIES = "The patching_policies module is not enabled on your plan";

    @TestConfiguration
    static class RecordedWorkflows {
        @Bean
        Workflows workflows() {
            return new PatchRunsApiIntegrationTest.StartedOnly();
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    TenantPlanService plans;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession session;
    private ApiSession.Account owner;
    private ApiSession.Account rival;
    private Host web;
    private Host rivalHost;

    private record Host(String id, String apiId, String apiKey) {
    }

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        session = new ApiSession(mvc);
        owner = session.signup();
        rival = session.signup();
        web = host(owner, "web-1");
        rivalHost = host(rival, "rival-1");
    }

    @Test
    void everySessionAnswerListsEveryModuleOfAPlanNeverSet() throws Exception {
        mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of(
                        "tenant_name", "Fresh org", "username", "fresh", "email", "fresh@example.test", "password", ApiSession.PASSWORD))))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.modules", contains("patching", "patching_policies")));
        call(owner, get("/api/v1/auth/me"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.modules", contains("patching", "patching_policies")));
        login(owner).andExpect(status().isOk()).andExpect(jsonPath("$.modules", contains("patching", "patching_policies")));
    }

    @Test
    void aPlanWithoutPatchingRefusesThePatchingRoutesAndCreatesNoRun() throws Exception {
        plans.setModules(tenantOf(owner), EnumSet.noneOf(PlanModule.class));

        call(owner, get("/api/v1/patching/runs"), null).andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value(NO_PATCHING));
        call(owner, post("/api/v1/patching/trigger"), trigger(web)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value(NO_PATCHING));
        call(owner, get("/api/v1/patching/dashboard"), null).andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value(NO_PATCHING));
        call(owner, get("/api/v1/patching/preview-run?host_id=" + web.id()), null).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value(NO_PATCHING));
        call(owner, get("/api/v1/patching/policies"), null).andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value(NO_PATCHING));

        // The session tells the web what to lock.
        call(owner, get("/api/v1/auth/me"), null).andExpect(status().isOk()).andExpect(jsonPath("$.modules", empty()));
        String refreshToken = login(owner).andExpect(status().isOk()).andExpect(jsonPath("$.modules", empty()))
                .andReturn().getResponse().getCookie(AuthCookies.REFRESH_COOKIE).getValue();
        mvc.perform(post("/api/v1/auth/refresh").cookie(new Cookie(AuthCookies.REFRESH_COOKIE, refreshToken)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.modules", empty()));

        // Another tenant's plan is its own.
        call(rival, post("/api/v1/patching/trigger"), trigger(rivalHost)).andExpect(status().isCreated());
        call(rival, get("/api/v1/patching/runs"), null).andExpect(status().isOk()).andExpect(jsonPath("$.total").value(1));
        call(rival, get("/api/v1/auth/me"), null).andExpect(jsonPath("$.modules", contains("patching", "patching_policies")));

        plans.setModules(tenantOf(owner), EnumSet.allOf(PlanModule.class));
        call(owner, get("/api/v1/patching/runs"), null).andExpect(status().isOk()).andExpect(jsonPath("$.total").value(0));
    }

    @Test
    void aPlanWithPatchingButNotPoliciesRefusesThePolicyRoutesAndStillTriggers() throws Exception {
        int policiesBefore = policies(owner);
        plans.setModules(tenantOf(owner), EnumSet.of(PlanModule.PATCHING));

        call(owner, get("/api/v1/patching/policies"), null).andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value(NO_POLICIES));
        call(owner, post("/api/v1/patching/policies"), Map.of("name", "Nightly", "patch_delay_type", "immediate"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value(NO_POLICIES));
        call(owner, post("/api/v1/patching/policies/any/exclusions"), Map.of("host_id", web.id()))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value(NO_POLICIES));
        call(owner, get("/api/v1/auth/me"), null).andExpect(jsonPath("$.modules", contains("patching")));

        call(owner, post("/api/v1/patching/trigger"), trigger(web)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.runs", hasSize(1)));
        call(rival, get("/api/v1/patching/policies"), null).andExpect(status().isOk());

        plans.setModules(tenantOf(owner), EnumSet.allOf(PlanModule.class));
        org.assertj.core.api.Assertions.assertThat(policies(owner)).isEqualTo(policiesBefore);
    }

    @Test
    void withoutPoliciesOnThePlanAHostsAssignedDelayedPolicyGivesWayToRunningImmediately() throws Exception {
        String hold = json.readTree(call(owner, post("/api/v1/patching/policies"),
                        Map.of("name", "Hold 30", "patch_delay_type", "delayed", "delay_minutes", 30))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).path("id").asText();
        call(owner, post("/api/v1/patching/policies/" + hold + "/assignments"), Map.of("target_type", "host", "target_id", web.id()))
                .andExpect(status().isCreated());
        call(owner, get("/api/v1/patching/preview-run?host_id=" + web.id()), null).andExpect(jsonPath("$.immediate").value(false));

        plans.setModules(tenantOf(owner), EnumSet.of(PlanModule.PATCHING));

        call(owner, get("/api/v1/patching/preview-run?host_id=" + web.id()), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.immediate").value(true)).andExpect(jsonPath("$.policy.name").value("Default"));
        call(owner, get("/api/v1/patching/preview-run?host_id=" + rivalHost.id()), null).andExpect(status().isNotFound());
        call(owner, post("/api/v1/patching/trigger"), Map.of("host_id", web.id(), "patch_type", "patch_all"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.runs[0].status").value("queued"))
                .andExpect(jsonPath("$.runs[0].policy_name").value("Default"));
    }

    @Test
    void aRunStartedBeforeThePlanLostPatchingStillTakesTheAgentsStages() throws Exception {
        String runId = json.readTree(call(owner, post("/api/v1/patching/trigger"), trigger(web)).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).at("/runs/0/id").asText();
        plans.setModules(tenantOf(owner), Set.of());

        mvc.perform(post("/api/v1/patching/runs/" + runId + "/output").header("X-API-ID", web.apiId()).header("X-API-KEY", web.apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"stage\":\"started\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.message").value("ok"));
    }

    private static Map<String, Object> trigger(Host host) {
        return Map.of("host_id", host.id(), "patch_type", "patch_package", "package_names", List.of("curl"), "dry_run", true);
    }

    private int policies(ApiSession.Account account) throws Exception {
        return json.readTree(call(account, get("/api/v1/patching/policies"), null).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).path("policies").size();
    }

    private ResultActions login(ApiSession.Account account) throws Exception {
        return mvc.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of(
                "username", account.username(), "password", ApiSession.PASSWORD, "tenant", account.tenantSlug()))));
    }

    private ResultActions call(ApiSession.Account account, MockHttpServletRequestBuilder builder, Object body) throws Exception {
        builder.header("Authorization", account.bearer());
        if (body != null) {
            builder.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
        }
        return mvc.perform(builder);
    }

    private TenantContext tenantOf(ApiSession.Account account) throws Exception {
        String me = call(account, get("/api/v1/auth/me"), null).andReturn().getResponse().getContentAsString();
        return TenantContext.system(new TenantId(json.readTree(me).path("tenant").path("id").asText()), "operator");
    }

    private Host host(ApiSession.Account account, String name) throws Exception {
        JsonNode created = json.readTree(call(account, post("/api/v1/hosts"), Map.of("friendly_name", name, "groupIds", List.of()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        JsonNode hosts = json.readTree(call(account, get("/api/v1/hosts"), null).andReturn().getResponse().getContentAsString());
        for (JsonNode h : hosts) {
            if (name.equals(h.path("friendly_name").asText())) {
                return new Host(h.path("id").asText(), created.path("api_id").asText(), created.path("api_key").asText());
            }
        }
        throw new AssertionError("host " + name + " not listed");
    }
}
