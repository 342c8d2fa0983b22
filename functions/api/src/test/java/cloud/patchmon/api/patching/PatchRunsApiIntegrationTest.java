package cloud.patchmon.api.patching;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.workflows.ExecutionDescription;
import cloud.patchmon.core.workflows.StartedExecution;
import cloud.patchmon.core.workflows.Workflows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The patch run routes end to end through the API, with Step Functions recorded (the workflow itself is the local stack's test). */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class PatchRunsApiIntegrationTest {

    /** Step Functions as recorded starts: what the routes ask of the port. */
    static final class StartedOnly implements Workflows {
        final Map<String, String> started = new ConcurrentHashMap<>();

        @Override
        public StartedExecution start(String stateMachine, String name, String input) {
            started.putIfAbsent(name, input);
            return new StartedExecution("arn:test:" + name, Instant.EPOCH);
        }

        @Override
        public void stop(String executionArn, String error, String cause) {
        }

        @Override
        public boolean sendTaskSuccess(String taskToken, String output) {
            return true;
        }

        @Override
        public boolean sendTaskFailure(String taskToken, String error, String cause) {
            return true;
        }

        @Override
        public boolean sendTaskHeartbeat(String taskToken) {
            return true;
        }

        @Override
        public Optional<ExecutionDescription> describe(String executionArn) {
            return Optional.empty();
        }
    }

    @TestConfiguration
    static class RecordedWorkflows {
        @Bean
        Workflows workflows() {
            return new StartedOnly();
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    Workflows workflows;
    @Autowired
    AgentJobs jobs;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private ApiSession.Account rival;
    private Host web;
    private Host db;
    private Host rivalHost;

    private record Host(String id, String apiId, String apiKey) {
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
        web = host(owner, "web-1");
        db = host(owner, "db-1");
        rivalHost = host(rival, "rival-1");
    }

    private Host host(ApiSession.Account account, String name) throws Exception {
        JsonNode created = json.readTree(mvc.perform(post("/api/v1/hosts").header("Authorization", account.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("friendly_name", name, "groupIds", List.of()))))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        String apiId = created.path("api_id").asText();
        JsonNode hosts = json.readTree(mvc.perform(get("/api/v1/hosts").header("Authorization", account.bearer())).andReturn().getResponse().getContentAsString());
        for (JsonNode h : hosts) {
            if (name.equals(h.path("friendly_name").asText())) {
                return new Host(h.path("id").asText(), apiId, created.path("api_key").asText());
            }
        }
        throw new AssertionError("host " + name + " not listed");
    }

    private ResultActions send(ApiSession.Account account, String method, String path, Object body) throws Exception {
        var builder = switch (method) {
            case "GET" -> get(path);
            case "DELETE" -> delete(path);
            default -> post(path);
        };
        builder.header("Authorization", account.bearer());
        if (body != null) {
            builder.contentType(MediaType.APPLICATION_JSON).content(body instanceof String text ? text : json.writeValueAsString(body));
        }
        return mvc.perform(builder);
    }

    private ResultActions agent(Host host, String runId, String body) throws Exception {
        return mvc.perform(post("/api/v1/patching/runs/" + runId + "/output").header("X-API-ID", host.apiId()).header("X-API-KEY", host.apiKey())
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private String dryRun(Host host) throws Exception {
        String response = send(owner, "POST", "/api/v1/patching/trigger",
                Map.of("host_id", host.id(), "patch_type", "patch_package", "package_names", List.of("curl"), "dry_run", true))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return json.readTree(response).at("/runs/0/id").asText();
    }

    @Test
    void aValidationGoesFromTriggerThroughTheAgentsStagesToApproval() throws Exception {
        String id = dryRun(web);
        send(owner, "GET", "/api/v1/patching/runs/" + id, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("pending_validation"))
                .andExpect(jsonPath("$.host.friendly_name").value("web-1"))
                .andExpect(jsonPath("$.host_id").value(web.id()))
                .andExpect(jsonPath("$.dry_run").value(true))
                .andExpect(jsonPath("$.package_names[0]").value("curl"))
                .andExpect(jsonPath("$.shell_output").value(""))
                .andExpect(jsonPath("$.error_message").isEmpty())
                .andExpect(jsonPath("$.policy_name").value("Default"))
                .andExpect(jsonPath("$.policy_snapshot.patch_delay_type").value("immediate"))
                .andExpect(jsonPath("$.initiated_by").value(owner.username()))
                .andExpect(jsonPath("$.awaiting_post_patch_report").value(false));
        org.assertj.core.api.Assertions.assertThat(((StartedOnly) workflows).started).containsKey("patch-run-" + id);

        agent(web, id, "{\"stage\":\"started\"}").andExpect(status().isOk()).andExpect(jsonPath("$.message").value("ok"));
        agent(web, id, "{\"stage\":\"progress\",\"output\":\"$ apt-get -s install curl\\n\"}").andExpect(status().isOk());
        agent(web, id, """
                {"stage":"dry_run_completed","output":"Inst curl\\nInst libcurl4\\n","packages_affected":[
                 {"name":"curl","arch":"amd64","current_version":"7.88.1-10+deb12u7","new_version":"7.88.1-10+deb12u8","action":"upgrade","dependency":false},
                 {"name":"libcurl4","arch":"amd64","current_version":"7.88.1-10+deb12u7","new_version":"7.88.1-10+deb12u8","action":"upgrade","dependency":true}]}
                """).andExpect(status().isOk());
        send(owner, "GET", "/api/v1/patching/runs/" + id, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("validated"))
                .andExpect(jsonPath("$.shell_output").value("Inst curl\nInst libcurl4\n"))
                .andExpect(jsonPath("$.packages_affected", hasSize(2)))
                .andExpect(jsonPath("$.packages_affected[1].dependency").value(true))
                .andExpect(jsonPath("$.extra_deps").value(true))
                .andExpect(jsonPath("$.extra_deps_count").value(1));
        send(owner, "GET", "/api/v1/patching/runs?status=validated", null).andExpect(status().isOk())
                .andExpect(jsonPath("$.runs", hasSize(1))).andExpect(jsonPath("$.runs[0].shell_output").doesNotExist())
                .andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.limit").value(25)).andExpect(jsonPath("$.offset").value(0));
        send(owner, "GET", "/api/v1/patching/dashboard", null).andExpect(status().isOk())
                .andExpect(jsonPath("$.total_runs").value(1)).andExpect(jsonPath("$.validated").value(1))
                .andExpect(jsonPath("$.recent_runs[0].id").value(id));

        String approved = send(owner, "POST", "/api/v1/patching/runs/" + id + "/approve", Map.of("schedule_override", "immediate"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.validation_run_id").value(id))
                .andExpect(jsonPath("$.run.status").value("queued"))
                .andExpect(jsonPath("$.run.dry_run").value(false))
                .andExpect(jsonPath("$.run.validation_run_id").value(id))
                .andExpect(jsonPath("$.run.approved_by").value(owner.username()))
                .andReturn().getResponse().getContentAsString();
        String realId = json.readTree(approved).at("/run/id").asText();
        send(owner, "GET", "/api/v1/patching/runs/" + id, null)
                .andExpect(jsonPath("$.status").value("approved")).andExpect(jsonPath("$.approved_run_id").value(realId));
        send(owner, "POST", "/api/v1/patching/runs/" + id + "/approve", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Only validated, pending approval or pending validation runs can be approved"));
        send(owner, "POST", "/api/v1/patching/runs/" + realId + "/stop", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Only running patch runs can be stopped"));
        send(owner, "DELETE", "/api/v1/patching/runs/" + realId, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Patch run deleted"));
        send(owner, "GET", "/api/v1/patching/runs/" + realId, null).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("Patch run not found"));
    }

    private TenantContext tenantOf(ApiSession.Account account) throws Exception {
        String me = send(account, "GET", "/api/v1/auth/me", null).andReturn().getResponse().getContentAsString();
        return TenantContext.system(new TenantId(json.readTree(me).path("tenant").path("id").asText()), "test");
    }

    /** What the workflow's handoff does for a run whose agent is offline: a delayed run_patch in the host's queue. */
    private void handOff(Host host, String runId) throws Exception {
        jobs.dispatch(tenantOf(owner), host.id(), "run_patch", Map.of("patch_run_id", runId, "patch_type", "patch_package",
                "dry_run", true, "package_names", List.of("curl")), true);
    }

    private JsonNode agentQueue(Host host) throws Exception {
        return json.readTree(send(owner, "GET", "/api/v1/hosts/" + host.id() + "/agent-queue", null).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    @Test
    void skipAndPatchAndDeleteTakeTheRunsUndeliveredJobOutOfTheAgentQueue() throws Exception {
        String validation = dryRun(web);
        handOff(web, validation);
        org.assertj.core.api.Assertions.assertThat(agentQueue(web).path("queue_status").path("delayed").asInt()).isEqualTo(1);

        // Another tenant's approve is refused and leaves the queue alone.
        send(rival, "POST", "/api/v1/patching/runs/" + validation + "/approve", null).andExpect(status().isNotFound());
        org.assertj.core.api.Assertions.assertThat(agentQueue(web).path("queue_status").path("delayed").asInt()).isEqualTo(1);

        send(owner, "POST", "/api/v1/patching/runs/" + validation + "/approve", Map.of("schedule_override", "immediate"))
                .andExpect(status().isCreated());
        JsonNode queue = agentQueue(web);
        org.assertj.core.api.Assertions.assertThat(queue.path("queue_status").path("delayed").asInt()).isZero();
        org.assertj.core.api.Assertions.assertThat(queue.path("job_history")).isEmpty();

        String queued = json.readTree(send(owner, "POST", "/api/v1/patching/trigger", Map.of("host_id", db.id(), "patch_type", "patch_all"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).at("/runs/0/id").asText();
        handOff(db, queued);
        send(owner, "DELETE", "/api/v1/patching/runs/" + queued, null).andExpect(status().isOk());
        org.assertj.core.api.Assertions.assertThat(agentQueue(db).path("job_history")).isEmpty();
    }

    @Test
    void badTriggersAndBadAgentBodiesAreRefusedClearly() throws Exception {
        send(owner, "POST", "/api/v1/patching/trigger", Map.of("host_id", web.id(), "patch_type", "patch_all", "dry_run", true))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("patch_all cannot be dry-run"));
        send(owner, "POST", "/api/v1/patching/trigger", Map.of("host_ids", List.of(web.id(), rivalHost.id()), "patch_type", "patch_all"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        send(owner, "POST", "/api/v1/patching/trigger", "{\"host_id\":").andExpect(status().isBadRequest());
        send(owner, "POST", "/api/v1/patching/trigger", Map.of("host_id", web.id(), "patch_type", "patch_package", "package_names", List.of("curl && reboot")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.startsWith("Invalid package name")));
        send(owner, "GET", "/api/v1/patching/runs?limit=500", null).andExpect(status().isBadRequest());
        send(owner, "GET", "/api/v1/patching/runs?limit=many", null).andExpect(status().isBadRequest());
        send(owner, "GET", "/api/v1/patching/runs", null).andExpect(jsonPath("$.total").value(0));

        String id = dryRun(web);
        agent(web, id, "{\"stage\": 7}").andExpect(status().isBadRequest());
        agent(web, id, "{\"stage\": \"progress\", \"output\": [1]}").andExpect(status().isBadRequest());
        agent(web, id, "{\"stage\": \"exploded\"}").andExpect(status().isBadRequest());
        agent(web, id, "not json").andExpect(status().isBadRequest());
        agent(db, id, "{\"stage\":\"started\"}").andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("Patch run does not belong to this host"));
        agent(rivalHost, id, "{\"stage\":\"started\"}").andExpect(status().isNotFound());
        agent(web, "run_nope", "{\"stage\":\"started\"}").andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/patching/runs/" + id + "/output").contentType(MediaType.APPLICATION_JSON).content("{\"stage\":\"started\"}"))
                .andExpect(status().isUnauthorized());
        send(owner, "GET", "/api/v1/patching/runs/" + id, null).andExpect(jsonPath("$.status").value("pending_validation"));
    }

    @Test
    void anotherTenantCannotReadChangeApproveOrDeleteTheRuns() throws Exception {
        String id = dryRun(web);
        send(rival, "GET", "/api/v1/patching/runs/" + id, null).andExpect(status().isNotFound());
        send(rival, "POST", "/api/v1/patching/runs/" + id + "/approve", null).andExpect(status().isNotFound());
        send(rival, "POST", "/api/v1/patching/runs/" + id + "/retry-validation", null).andExpect(status().isNotFound());
        send(rival, "POST", "/api/v1/patching/runs/" + id + "/stop", null).andExpect(status().isNotFound());
        send(rival, "DELETE", "/api/v1/patching/runs/" + id, null).andExpect(status().isNotFound());
        send(rival, "POST", "/api/v1/patching/runs/bulk-delete", Map.of("run_ids", List.of(id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.deleted", hasSize(0))).andExpect(jsonPath("$.failed[0].id").value(id))
                .andExpect(jsonPath("$.failed[0].error").value("Patch run not found"));
        send(rival, "POST", "/api/v1/patching/runs/bulk-approve", Map.of("run_ids", List.of(id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.approved", hasSize(0))).andExpect(jsonPath("$.failed[0].id").value(id));
        send(rival, "GET", "/api/v1/patching/runs?host_id=" + web.id(), null).andExpect(jsonPath("$.total").value(0));
        send(rival, "GET", "/api/v1/patching/dashboard", null).andExpect(jsonPath("$.total_runs").value(0));
        send(rival, "POST", "/api/v1/patching/trigger", Map.of("host_id", web.id(), "patch_type", "patch_all")).andExpect(status().isNotFound());
        send(owner, "GET", "/api/v1/patching/runs/" + id, null).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("pending_validation"));

        send(owner, "POST", "/api/v1/patching/runs/" + id + "/retry-validation", null).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("pending_validation"));
        send(owner, "POST", "/api/v1/patching/runs/bulk-delete", Map.of("run_ids", List.of(id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.deleted[0]").value(id));
    }
}
