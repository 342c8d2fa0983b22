package cloud.patchmon.api.patching;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.rbac.BuiltInRole;
import cloud.patchmon.core.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The policies routes and preview-run through the API, with a clock the test sets. */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
@Import(PatchPoliciesApiIntegrationTest.Clocks.class)
class PatchPoliciesApiIntegrationTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    MutableClock clock;
    @Autowired
    Clock injected;
    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    private void setClock(String instant) {
        clock.advance(Duration.between(clock.instant(), Instant.parse(instant)));
    }

    private ResultActions call(ApiSession.Account who, MockHttpServletRequestBuilder request, Object body) throws Exception {
        request.header("Authorization", who.bearer());
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body instanceof String s ? s : json.writeValueAsString(body));
        }
        return mvc.perform(request);
    }

    private JsonNode ok(ResultActions result, int status) throws Exception {
        return json.readTree(result.andExpect(status().is(status)).andReturn().getResponse().getContentAsString());
    }

    private String group(ApiSession.Account who, String name) throws Exception {
        return ok(call(who, post("/api/v1/host-groups"), Map.of("name", name)), 201).path("id").asText();
    }

    private String host(ApiSession.Account who, String name, String... groupIds) throws Exception {
        return ok(call(who, post("/api/v1/hosts"), Map.of("friendly_name", name, "os_family", "linux", "groupIds", List.of(groupIds))), 201)
                .path("host").path("id").asText();
    }

    private String policy(ApiSession.Account who, Map<String, Object> body) throws Exception {
        return ok(call(who, post("/api/v1/patching/policies"), body), 201).path("id").asText();
    }

    private static Map<String, Object> fixed(String name, String time, String zone) {
        return Map.of("name", name, "patch_delay_type", "fixed_time", "fixed_time_utc", time, "timezone", zone);
    }

    @Test
    void theClockIsTheOneTheServerUses() {
        assertThat(injected).isSameAs(clock);
    }

    @Test
    void theApiDocumentSaysHowPatchMonCloudReadsFixedTimes() throws Exception {
        ApiSession.Account owner = new ApiSession(mvc).signup();
        JsonNode paths = ok(call(owner, get("/api/v1/api-docs/openapi.json"), null), 200).path("paths");
        for (JsonNode operation : List.of(paths.path("/api/v1/patching/policies").path("post"), paths.path("/api/v1/patching/policies/{id}").path("put"),
                paths.path("/api/v1/patching/preview-run").path("get"))) {
            assertThat(operation.path("description").asText()).contains("PatchMon Cloud difference", "wall-clock time", "can_");
        }
    }

    @Test
    void policiesTheirAssignmentsAndExclusionsRoundTrip() throws Exception {
        ApiSession.Account owner = new ApiSession(mvc).signup();
        String prod = group(owner, "Production");
        String web = host(owner, "web-1", prod);
        String id = policy(owner, Map.of("name", "Nightly 03:00", "description", "window", "patch_delay_type", "fixed_time",
                "fixed_time_utc", "03:00", "timezone", "Europe/London", "delay_minutes", 5));

        call(owner, get("/api/v1/patching/policies"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.policies[0].id").value(id))
                .andExpect(jsonPath("$.policies[0].fixed_time_utc").value("03:00"))
                .andExpect(jsonPath("$.policies[0].delay_minutes").isEmpty())
                .andExpect(jsonPath("$.policies[0].assignment_count").value(0))
                .andExpect(jsonPath("$.policies[0].assignments").doesNotExist());

        JsonNode assignment = ok(call(owner, post("/api/v1/patching/policies/" + id + "/assignments"),
                Map.of("target_type", "host_group", "target_id", prod)), 201);
        assertThat(assignment.path("target_name").asText()).isEqualTo("Production");
        call(owner, post("/api/v1/patching/policies/" + id + "/assignments"), Map.of("target_type", "host_group", "target_id", prod))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("Policy is already assigned to this host group"));
        ok(call(owner, post("/api/v1/patching/policies/" + id + "/exclusions"), Map.of("host_id", web)), 201);

        call(owner, get("/api/v1/patching/policies/" + id), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.assignment_count").value(1))
                .andExpect(jsonPath("$.exclusion_count").value(1))
                .andExpect(jsonPath("$.assignments[0].target_type").value("host_group"))
                .andExpect(jsonPath("$.assignments[0].target_id").value(prod))
                .andExpect(jsonPath("$.exclusions[0].host_id").value(web))
                .andExpect(jsonPath("$.exclusions[0].host_name").value("web-1"));

        call(owner, put("/api/v1/patching/policies/" + id), Map.of("name", "Hold", "patch_delay_type", "delayed", "delay_minutes", 45))
                .andExpect(status().isOk()).andExpect(jsonPath("$.name").value("Hold")).andExpect(jsonPath("$.delay_minutes").value(45))
                .andExpect(jsonPath("$.fixed_time_utc").isEmpty()).andExpect(jsonPath("$.description").isEmpty())
                .andExpect(jsonPath("$.assignments.length()").value(1));

        call(owner, delete("/api/v1/patching/policies/" + id + "/exclusions/" + web), null).andExpect(status().isOk());
        call(owner, delete("/api/v1/patching/policies/" + id + "/exclusions/" + web), null)
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Exclusion not found"));
        call(owner, delete("/api/v1/patching/policies/" + id + "/assignments/" + assignment.path("id").asText()), null).andExpect(status().isOk());
        call(owner, delete("/api/v1/patching/policies/" + id), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Policy deleted"));
        call(owner, get("/api/v1/patching/policies/" + id), null)
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Policy not found"));
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        ApiSession.Account owner = new ApiSession(mvc).signup();
        String id = policy(owner, Map.of("name", "Now", "patch_delay_type", "immediate"));

        call(owner, post("/api/v1/patching/policies"), Map.of("patch_delay_type", "immediate"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Policy name is required"));
        call(owner, post("/api/v1/patching/policies"), Map.of("name", "x", "patch_delay_type", "delayed", "delay_minutes", 0))
                .andExpect(status().isBadRequest());
        call(owner, post("/api/v1/patching/policies"), fixed("x", "3am", "UTC")).andExpect(status().isBadRequest());
        call(owner, post("/api/v1/patching/policies"), fixed("x", "03:00", "Europe/Nowhere"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("timezone must be an IANA time zone name such as Europe/London"));
        call(owner, post("/api/v1/patching/policies"), "{\"name\": [1], \"patch_delay_type\": \"immediate\"}").andExpect(status().isBadRequest());
        call(owner, post("/api/v1/patching/policies"), "{not json").andExpect(status().isBadRequest());
        call(owner, put("/api/v1/patching/policies/" + id), Map.of("name", "Later", "patch_delay_type", "delayed", "delay_minutes", "soon"))
                .andExpect(status().isBadRequest());
        call(owner, post("/api/v1/patching/policies/" + id + "/assignments"), Map.of("target_type", "tenant", "target_id", "x"))
                .andExpect(status().isBadRequest());
        call(owner, post("/api/v1/patching/policies/" + id + "/assignments"), Map.of("target_type", "host", "target_id", "missing"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        call(owner, post("/api/v1/patching/policies/" + id + "/assignments"), Map.of("target_type", "host_group", "target_id", "missing"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host group not found"));
        call(owner, get("/api/v1/patching/preview-run"), null).andExpect(status().isBadRequest());
        String huge = "x".repeat(3000);
        call(owner, get("/api/v1/patching/policies/" + huge), null).andExpect(status().isNotFound());
        call(owner, get("/api/v1/patching/preview-run").param("host_id", huge), null)
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        call(owner, post("/api/v1/patching/policies/" + id + "/exclusions"), Map.of("host_id", huge)).andExpect(status().isNotFound());

        call(owner, get("/api/v1/patching/policies"), null).andExpect(jsonPath("$.policies.length()").value(1))
                .andExpect(jsonPath("$.policies[0].name").value("Now")).andExpect(jsonPath("$.policies[0].assignment_count").value(0));
    }

    @Test
    void readOnlyRolesSeePoliciesButCannotChangeThem() throws Exception {
        ApiSession session = new ApiSession(mvc);
        ApiSession.Account owner = session.signup();
        ApiSession.Account viewer = session.userWithRole(owner, BuiltInRole.READONLY.key());
        String id = policy(owner, Map.of("name", "Now", "patch_delay_type", "immediate"));

        call(viewer, get("/api/v1/patching/policies/" + id), null).andExpect(status().isOk());
        call(viewer, put("/api/v1/patching/policies/" + id), Map.of("name", "Mine", "patch_delay_type", "immediate"))
                .andExpect(status().isForbidden());
        call(viewer, delete("/api/v1/patching/policies/" + id), null).andExpect(status().isForbidden());
        call(owner, get("/api/v1/patching/policies/" + id), null).andExpect(jsonPath("$.name").value("Now"));
    }

    @Test
    void anotherOrganisationsIdsAreUnknownEverywhereAndNothingChanges() throws Exception {
        ApiSession session = new ApiSession(mvc);
        ApiSession.Account a = session.signup();
        ApiSession.Account b = session.signup();
        String aGroup = group(a, "Production");
        String aHost = host(a, "web-1", aGroup);
        String aPolicy = policy(a, fixed("A nightly", "03:00", "Europe/London"));
        String aAssignment = ok(call(a, post("/api/v1/patching/policies/" + aPolicy + "/assignments"),
                Map.of("target_type", "host_group", "target_id", aGroup)), 201).path("id").asText();
        ok(call(a, post("/api/v1/patching/policies/" + aPolicy + "/exclusions"), Map.of("host_id", aHost)), 201);
        String bGroup = group(b, "Production");
        String bHost = host(b, "web-1", bGroup);
        String bPolicy = policy(b, fixed("B nightly", "04:00", "UTC"));

        // B names A's policy in the path.
        call(b, get("/api/v1/patching/policies/" + aPolicy), null).andExpect(status().isNotFound());
        call(b, put("/api/v1/patching/policies/" + aPolicy), fixed("Stolen", "05:00", "UTC")).andExpect(status().isNotFound());
        call(b, post("/api/v1/patching/policies/" + aPolicy + "/assignments"), Map.of("target_type", "host_group", "target_id", bGroup))
                .andExpect(status().isNotFound());
        call(b, delete("/api/v1/patching/policies/" + aPolicy + "/assignments/" + aAssignment), null).andExpect(status().isNotFound());
        call(b, post("/api/v1/patching/policies/" + aPolicy + "/exclusions"), Map.of("host_id", bHost)).andExpect(status().isNotFound());
        call(b, delete("/api/v1/patching/policies/" + aPolicy + "/exclusions/" + aHost), null).andExpect(status().isNotFound());
        call(b, delete("/api/v1/patching/policies/" + aPolicy), null).andExpect(status().isNotFound());
        // B names A's host and group in bodies and the query, against its own policy.
        call(b, post("/api/v1/patching/policies/" + bPolicy + "/assignments"), Map.of("target_type", "host", "target_id", aHost))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        call(b, post("/api/v1/patching/policies/" + bPolicy + "/assignments"), Map.of("target_type", "host_group", "target_id", aGroup))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host group not found"));
        call(b, post("/api/v1/patching/policies/" + bPolicy + "/exclusions"), Map.of("host_id", aHost))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        call(b, delete("/api/v1/patching/policies/" + bPolicy + "/assignments/" + aAssignment), null).andExpect(status().isNotFound());
        call(b, get("/api/v1/patching/preview-run").param("host_id", aHost), null)
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host not found"));
        call(b, get("/api/v1/patching/policies"), null).andExpect(jsonPath("$.policies.length()").value(1))
                .andExpect(jsonPath("$.policies[0].id").value(bPolicy)).andExpect(jsonPath("$.policies[0].assignment_count").value(0));

        call(a, get("/api/v1/patching/policies/" + aPolicy), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("A nightly")).andExpect(jsonPath("$.fixed_time_utc").value("03:00"))
                .andExpect(jsonPath("$.assignments.length()").value(1)).andExpect(jsonPath("$.exclusions.length()").value(1));
    }

    @Test
    void previewRunAnswersTheEffectivePolicyAndWhenItFires() throws Exception {
        setClock("2026-11-24T10:00:00Z");
        ApiSession.Account owner = new ApiSession(mvc).signup();
        String prod = group(owner, "Production");
        String web = host(owner, "web-1", prod);
        String api = host(owner, "api-1", prod);

        JsonNode before = ok(call(owner, get("/api/v1/patching/preview-run").param("host_id", web), null), 200);
        assertThat(before.path("host_id").asText()).isEqualTo(web);
        assertThat(before.path("immediate").asBoolean()).isTrue();
        assertThat(before.path("run_at_iso").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(before.path("policy").path("name").asText()).isEqualTo("Default");
        assertThat(before.path("policy").has("id")).isTrue();
        assertThat(before.path("policy").path("id").isNull()).isTrue();

        String hold = policy(owner, Map.of("name", "Hold 30", "patch_delay_type", "delayed", "delay_minutes", 30));
        ok(call(owner, post("/api/v1/patching/policies/" + hold + "/assignments"), Map.of("target_type", "host_group", "target_id", prod)), 201);
        ok(call(owner, post("/api/v1/patching/policies/" + hold + "/exclusions"), Map.of("host_id", api)), 201);

        JsonNode delayed = ok(call(owner, get("/api/v1/patching/preview-run").param("host_id", web), null), 200);
        assertThat(delayed.path("immediate").asBoolean()).isFalse();
        assertThat(delayed.path("run_at_iso").asText()).isEqualTo("2026-11-24T10:30:00Z");
        assertThat(delayed.path("policy").path("id").asText()).isEqualTo(hold);
        assertThat(delayed.path("policy").path("patch_delay_type").asText()).isEqualTo("delayed");
        assertThat(delayed.path("policy").path("delay_minutes").asInt()).isEqualTo(30);
        JsonNode excluded = ok(call(owner, get("/api/v1/patching/preview-run").param("host_id", api), null), 200);
        assertThat(excluded.path("policy").path("name").asText()).isEqualTo("Default");
        assertThat(excluded.path("immediate").asBoolean()).isTrue();
    }

    private String previewFixed(String now, String time) throws Exception {
        setClock(now);
        ApiSession.Account owner = new ApiSession(mvc).signup();
        String web = host(owner, "web-1");
        String id = policy(owner, fixed("London " + time, time, "Europe/London"));
        ok(call(owner, post("/api/v1/patching/policies/" + id + "/assignments"), Map.of("target_type", "host", "target_id", web)), 201);
        JsonNode preview = ok(call(owner, get("/api/v1/patching/preview-run").param("host_id", web), null), 200);
        assertThat(preview.path("immediate").asBoolean()).isFalse();
        assertThat(preview.path("policy").path("timezone").asText()).isEqualTo("Europe/London");
        return preview.path("run_at_iso").asText();
    }

    @Test
    void previewRunOnTheSpringForwardDayFollowsLondonWallClockTime() throws Exception {
        // Saturday before the clocks go forward (28 March 2027, 01:00 GMT -> 02:00 BST): 03:00 on Sunday is BST.
        assertThat(previewFixed("2027-03-27T12:00:00Z", "03:00")).isEqualTo("2027-03-28T02:00:00Z");
        // 01:30 does not exist that night: it fires one hour later, at 02:30 BST.
        assertThat(previewFixed("2027-03-28T00:10:00Z", "01:30")).isEqualTo("2027-03-28T01:30:00Z");
    }

    @Test
    void previewRunOnTheFallBackDayFiresAtTheFirstOfTheRepeatedTimes() throws Exception {
        // 25 October 2026, 02:00 BST -> 01:00 GMT: 01:30 happens twice, at 00:30Z and 01:30Z.
        assertThat(previewFixed("2026-10-25T00:00:00Z", "01:30")).isEqualTo("2026-10-25T00:30:00Z");
        // Between the two, the run waits for the next night instead of firing twice in one night.
        assertThat(previewFixed("2026-10-25T01:00:00Z", "01:30")).isEqualTo("2026-10-26T01:30:00Z");
        // After the change 03:00 is GMT again.
        assertThat(previewFixed("2026-10-24T12:00:00Z", "03:00")).isEqualTo("2026-10-25T03:00:00Z");
    }
}
