package cloud.patchmon.e2e.patching;

import cloud.patchmon.e2e.harness.LocalStackProcess;
import cloud.patchmon.e2e.harness.StackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chapter 10 over HTTP against the real local stack: a policy assigned to a host group is what the Timing step's
 * preview-run reports for a member host, with the run time the policy gives; excluding the host puts it back on Default.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatchPoliciesEndToEndTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final LocalStackProcess stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String bearer;
    private String rivalBearer;

    PatchPoliciesEndToEndTest(LocalStackProcess stack) {
        this.stack = stack;
    }

    private record Response(int status, String body, JsonNode json) {
    }

    private Response send(String auth, String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(stack.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", auth)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = response.body().isEmpty() ? MissingNode.getInstance() : json.readTree(response.body());
            } catch (IOException notJson) {
                parsed = MissingNode.getInstance();
            }
            return new Response(response.statusCode(), response.body(), parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String method, String path, Object body, int expected) {
        Response response = send(bearer, method, path, body);
        assertThat(response.status()).as(method + " " + path + " " + response.body()).isEqualTo(expected);
        return response.json();
    }

    private String signup(String prefix) {
        String username = prefix + UUID.randomUUID().toString().substring(0, 8);
        Response signup = send("", "POST", "/api/v1/auth/signup", Map.of("tenant_name", "Policies " + username, "username", username,
                "email", username + "@example.test", "password", "Sup3r-Secret!"));
        assertThat(signup.status()).as(signup.body()).isEqualTo(201);
        return "Bearer " + signup.json().path("token").asText();
    }

    @BeforeAll
    void organisations() {
        bearer = signup("policies");
        rivalBearer = signup("rival");
    }

    /** The next 03:00 London wall-clock time not before {@code t} (03:00 is never inside London's DST gap or overlap). */
    private static Instant next0300London(Instant t) {
        ZonedDateTime today = t.atZone(LONDON).toLocalDate().atTime(LocalTime.of(3, 0)).atZone(LONDON);
        return today.toInstant().isBefore(t) ? today.plusDays(1).toInstant() : today.toInstant();
    }

    private JsonNode listed(String policyId) {
        for (JsonNode p : call("GET", "/api/v1/patching/policies", null, 200).path("policies")) {
            if (p.path("id").asText().equals(policyId)) {
                return p;
            }
        }
        return MissingNode.getInstance();
    }

    @Test
    void aGroupPolicyDecidesTheRunTimeOfItsMembersUntilTheHostIsExcluded() {
        String group = call("POST", "/api/v1/host-groups", Map.of("name", "Production"), 201).path("id").asText();
        String web = call("POST", "/api/v1/hosts", Map.of("friendly_name", "prod-web-api-01", "groupIds", List.of(group)), 201)
                .path("host").path("id").asText();
        String policy = call("POST", "/api/v1/patching/policies", Map.of("name", "Nightly 03:00 London", "patch_delay_type", "fixed_time",
                "fixed_time_utc", "03:00", "timezone", "Europe/London"), 201).path("id").asText();
        call("POST", "/api/v1/patching/policies/" + policy + "/assignments", Map.of("target_type", "host_group", "target_id", group), 201);
        call("POST", "/api/v1/patching/policies/" + policy + "/assignments", Map.of("target_type", "host_group", "target_id", group), 409);

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode preview = call("GET", "/api/v1/patching/preview-run?host_id=" + web, null, 200);
        Instant after = Instant.now();
        assertThat(preview.path("host_id").asText()).isEqualTo(web);
        assertThat(preview.path("immediate").asBoolean()).isFalse();
        assertThat(preview.path("policy").path("id").asText()).isEqualTo(policy);
        assertThat(preview.path("policy").path("name").asText()).isEqualTo("Nightly 03:00 London");
        assertThat(preview.path("policy").path("patch_delay_type").asText()).isEqualTo("fixed_time");
        assertThat(Instant.parse(preview.path("run_at_iso").asText())).isIn(next0300London(before), next0300London(after));

        JsonNode listed = listed(policy);
        assertThat(listed.path("assignment_count").asInt()).isEqualTo(1);
        assertThat(listed.path("fixed_time_utc").asText()).isEqualTo("03:00");

        call("POST", "/api/v1/patching/policies/" + policy + "/exclusions", Map.of("host_id", web), 201);
        JsonNode excluded = call("GET", "/api/v1/patching/preview-run?host_id=" + web, null, 200);
        assertThat(excluded.path("policy").path("name").asText()).isEqualTo("Default");
        assertThat(excluded.path("policy").path("id").isNull()).isTrue();
        assertThat(excluded.path("immediate").asBoolean()).isTrue();

        // Another organisation cannot see or use any of it.
        assertThat(send(rivalBearer, "GET", "/api/v1/patching/preview-run?host_id=" + web, null).status()).isEqualTo(404);
        assertThat(send(rivalBearer, "GET", "/api/v1/patching/policies/" + policy, null).status()).isEqualTo(404);
        assertThat(send(rivalBearer, "DELETE", "/api/v1/patching/policies/" + policy, null).status()).isEqualTo(404);

        // Deleting the host removes the exclusion pointing at it; deleting the policy cascades the group assignment.
        call("DELETE", "/api/v1/hosts/" + web, null, 200);
        JsonNode detail = call("GET", "/api/v1/patching/policies/" + policy, null, 200);
        assertThat(detail.path("exclusions").size()).isZero();
        assertThat(detail.path("assignments").size()).isEqualTo(1);
        call("DELETE", "/api/v1/patching/policies/" + policy, null, 200);
        assertThat(listed(policy).isMissingNode()).isTrue();
    }

    @Test
    void aDelayedPolicyAssignedDirectlyRunsThatManyMinutesAfterTheTrigger() {
        String host = call("POST", "/api/v1/hosts", Map.of("friendly_name", "db-01"), 201).path("host").path("id").asText();
        String policy = call("POST", "/api/v1/patching/policies", Map.of("name", "Hold 30", "patch_delay_type", "delayed",
                "delay_minutes", 30), 201).path("id").asText();
        call("POST", "/api/v1/patching/policies/" + policy + "/assignments", Map.of("target_type", "host", "target_id", host), 201);

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode preview = call("GET", "/api/v1/patching/preview-run?host_id=" + host, null, 200);
        Instant after = Instant.now();
        assertThat(Instant.parse(preview.path("run_at_iso").asText()))
                .isBetween(before.plus(Duration.ofMinutes(30)), after.plus(Duration.ofMinutes(30)));
        assertThat(preview.path("policy").path("delay_minutes").asInt()).isEqualTo(30);
        call("DELETE", "/api/v1/patching/policies/" + policy, null, 200);
    }
}
