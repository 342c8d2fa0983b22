package cloud.patchmon.api;

import cloud.patchmon.core.edge.EdgeHeaders;
import cloud.patchmon.core.ratelimit.RequestLimits;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request limits through the real Lambda entry point, behind CloudFront (so the viewer's
 * address is the client): 429 with {@code Retry-After} and the spec's error shape, per-IP counts
 * per tenant, per-credential counts for agents, a tenant admin's own limits, and tenants apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitLambdaTest {

    private static final String ORIGIN_SECRET = "lambda-origin-secret-0123456789abcdefghijklmnopqrstuv";
    private static final int AUTH = 12;
    private static final int GENERAL = 6;
    private static final int AGENT = 3;
    private static final long DAY = 86_400;
    private static final Map<String, String> SETTINGS = Map.of(
            "patchmon.edge.origin-secret", ORIGIN_SECRET,
            "patchmon.auth.rate-limit", "1000",
            "patchmon.ratelimit.auth", Integer.toString(AUTH),
            "patchmon.ratelimit.general", Integer.toString(GENERAL),
            "patchmon.ratelimit.agent", Integer.toString(AGENT),
            // Day-long windows: a window ending between a test's requests (a minute's could, on a loaded machine)
            // would reset its count.
            "patchmon.ratelimit.general-window", "1d",
            "patchmon.ratelimit.auth-window", "1d",
            "patchmon.ratelimit.agent-window", "1d",
            "patchmon.auth.bcrypt-cost", "4");

    private final ObjectMapper json = new ObjectMapper();
    private StreamLambdaHandler handler;
    private String acme;
    private String globex;
    private String initech;

    @BeforeAll
    void start() throws IOException {
        StorageSettings table = DynamoDbLocal.instance().newTable();
        System.setProperty("patchmon.storage.table", table.tableName());
        System.setProperty("patchmon.storage.endpoint", table.endpoint().orElseThrow().toString());
        SETTINGS.forEach(System::setProperty);
        handler = new StreamLambdaHandler();
        acme = signup("Acme", "198.51.100.10");
        globex = signup("Globex", "198.51.100.11");
        initech = signup("Initech", "198.51.100.12");
    }

    @AfterAll
    void clearSettings() {
        System.clearProperty("patchmon.storage.table");
        System.clearProperty("patchmon.storage.endpoint");
        SETTINGS.keySet().forEach(System::clearProperty);
    }

    private String signup(String organisation, String viewer) throws IOException {
        JsonNode signedUp = body(invoke(event("POST", "/api/v1/auth/signup", viewer, Map.of("tenant_name", organisation,
                "username", "admin" + UUID.randomUUID().toString().substring(0, 8), "email", "admin@example.test",
                "password", ApiSession.PASSWORD))), 201);
        return "Bearer " + signedUp.get("token").asText();
    }

    private JsonNode invoke(ObjectNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)), out, new PrimingContext());
        return json.readTree(out.toByteArray());
    }

    private JsonNode body(JsonNode response, int status) throws IOException {
        assertThat(response.get("statusCode").asInt()).as(response.get("body").asText()).isEqualTo(status);
        return json.readTree(response.get("body").asText());
    }

    private static int status(JsonNode response) {
        return response.get("statusCode").asInt();
    }

    /** A request through CloudFront from {@code viewer}, as API Gateway delivers it through {@code /api/{proxy+}}. */
    private ObjectNode event(String method, String path, String viewer, Object body) throws IOException {
        ObjectNode event;
        try (InputStream in = getClass().getResourceAsStream("/events/via-cloudfront.json")) {
            event = (ObjectNode) json.readTree(in);
        }
        event.put("httpMethod", method).put("path", path);
        event.putObject("pathParameters").put("proxy", path.substring("/api/".length()));
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("httpMethod", method).put("path", "/" + context.get("stage").asText() + path);
        if (body != null) {
            event.put("body", json.writeValueAsString(body));
            header(event, "Content-Type", "application/json");
        }
        header(event, EdgeHeaders.VIEWER_ADDRESS, viewer);
        return header(event, "X-Forwarded-For", viewer + ", 130.176.98.21");
    }

    private ObjectNode as(String bearer, ObjectNode event) {
        return header(event, "Authorization", bearer);
    }

    private static ObjectNode header(ObjectNode event, String name, String value) {
        ((ObjectNode) event.get("headers")).put(name, value);
        ((ObjectNode) event.get("multiValueHeaders")).putArray(name).add(value);
        return event;
    }

    private JsonNode hosts(String bearer, String viewer) throws IOException {
        return invoke(as(bearer, event("GET", "/api/v1/hosts", viewer, null)));
    }

    private void assertLimited(JsonNode response, String message, long window) throws IOException {
        assertThat(body(response, 429).get("error").asText()).isEqualTo(message);
        long retryAfter = Long.parseLong(response.get("multiValueHeaders").get("Retry-After").get(0).asText());
        assertThat(retryAfter).isBetween(1L, window);
    }

    @Test
    void aTenantsUsersAreLimitedPerAddressWith429AndRetryAfter() throws IOException {
        for (int i = 1; i <= GENERAL; i++) {
            assertThat(status(hosts(acme, "192.0.2.10"))).as("request " + i).isEqualTo(200);
        }
        assertLimited(hosts(acme, "192.0.2.10"), RequestLimits.GENERAL_REFUSAL, DAY);

        assertThat(status(hosts(acme, "192.0.2.11"))).as("another address of the same tenant").isEqualTo(200);
        assertThat(status(hosts(globex, "192.0.2.10"))).as("another tenant from the same address").isEqualTo(200);
        for (int i = 0; i < GENERAL; i++) {
            assertThat(status(invoke(event("GET", "/api/v1/health", "192.0.2.10", null)))).as("health is never limited").isEqualTo(200);
        }
    }

    @Test
    void aTenantAdminsOwnLimitsApplyToThatTenantOnlyAndAreValidated() throws IOException {
        JsonNode saved = body(invoke(as(initech, event("PUT", "/api/v1/settings/rate-limits", "192.0.2.20",
                Map.of("general", Map.of("max", 2, "window_seconds", 86_400))))), 200);
        assertThat(saved.get("general").get("max").asInt()).isEqualTo(2);
        assertThat(saved.get("general").get("window_seconds").asLong()).isEqualTo(86_400);
        assertThat(saved.get("agent").get("max").asInt()).as("unchanged: the server's default").isEqualTo(AGENT);
        assertThat(saved.get("server").get("auth").get("max").asInt()).isEqualTo(AUTH);

        assertThat(status(hosts(initech, "192.0.2.21"))).isEqualTo(200);
        assertThat(status(hosts(initech, "192.0.2.21"))).isEqualTo(200);
        assertLimited(hosts(initech, "192.0.2.21"), RequestLimits.GENERAL_REFUSAL, DAY);
        for (int i = 0; i < GENERAL; i++) {
            assertThat(status(hosts(acme, "192.0.2.21"))).as("Acme keeps the default").isEqualTo(200);
        }

        JsonNode invalid = body(invoke(as(initech, event("PUT", "/api/v1/settings/rate-limits", "192.0.2.22",
                Map.of("general", Map.of("max", 0), "agent", Map.of("max", 10, "window_seconds", 86_401))))), 400);
        assertThat(invalid.get("errors").findValuesAsText("param")).containsExactly("general.max", "agent.window_seconds");
        JsonNode unchanged = body(invoke(as(initech, event("GET", "/api/v1/settings/rate-limits", "192.0.2.22", null))), 200);
        assertThat(unchanged.get("general").get("max").asInt()).isEqualTo(2);
        assertThat(unchanged.get("agent").get("window_seconds").asLong()).isEqualTo(DAY);
        assertThat(status(invoke(as(initech, event("PUT", "/api/v1/settings/rate-limits", "192.0.2.23",
                Map.of("general", Map.of("max", "many"))))))).as("a wrong type").isEqualTo(400);
    }

    @Test
    void agentsAreLimitedPerCredentialAndOneTenantNeverLimitsAnother() throws IOException {
        JsonNode first = createHost(acme, "192.0.2.30");
        JsonNode second = createHost(acme, "192.0.2.30");
        JsonNode other = createHost(globex, "192.0.2.31");

        for (int i = 1; i <= AGENT; i++) {
            assertThat(status(agent(first, "203.0.113.1"))).as("request " + i).isEqualTo(200);
        }
        assertLimited(agent(first, "203.0.113.2"), RequestLimits.AGENT_REFUSAL, DAY);

        assertThat(status(agent(second, "203.0.113.1"))).as("another host of the tenant").isEqualTo(200);
        assertThat(status(agent(other, "203.0.113.1"))).as("another tenant's host").isEqualTo(200);
    }

    @Test
    void authRoutesCountPerAddressWhetherOrNotATenantIsKnown() throws IOException {
        Map<String, String> wrong = Map.of("username", "nobody-" + UUID.randomUUID(), "password", "not-the-password");
        for (int i = 1; i <= AUTH; i++) {
            assertThat(status(invoke(event("POST", "/api/v1/auth/login", "192.0.2.40", wrong)))).as("attempt " + i).isEqualTo(401);
        }
        assertLimited(invoke(event("POST", "/api/v1/auth/login", "192.0.2.40", wrong)), RequestLimits.AUTH_REFUSAL, DAY);
        assertLimited(invoke(as(acme, event("GET", "/api/v1/auth/me", "192.0.2.40", null))), RequestLimits.AUTH_REFUSAL, DAY);

        assertThat(status(invoke(event("POST", "/api/v1/auth/login", "192.0.2.41", wrong)))).isEqualTo(401);
        assertThat(status(hosts(acme, "192.0.2.40"))).as("the tenant's own count for that address is apart").isEqualTo(200);
    }

    @Test
    void guessesAtOneKeyAreHeldToTheAuthLimitPerAddressWithoutLockingOutOtherKeys() throws IOException {
        JsonNode host = createHost(acme, "192.0.2.70");
        JsonNode neighbour = createHost(acme, "192.0.2.70");
        ObjectNode wrongAgentKey = event("GET", "/api/v1/settings/update-interval", "192.0.2.71", null);
        header(wrongAgentKey, "X-API-ID", host.get("api_id").asText());
        header(wrongAgentKey, "X-API-KEY", "not-the-key");
        for (int i = 1; i <= AUTH; i++) {
            assertThat(status(invoke(wrongAgentKey.deepCopy()))).as("guess " + i).isEqualTo(401);
        }
        assertLimited(invoke(wrongAgentKey.deepCopy()), RequestLimits.AUTH_REFUSAL, DAY);
        assertLimited(agent(host, "192.0.2.71"), RequestLimits.AUTH_REFUSAL, DAY);

        assertThat(status(agent(host, "192.0.2.72"))).as("the right key from another address").isEqualTo(200);
        assertThat(status(agent(neighbour, "192.0.2.71"))).as("another key from the same address (a NAT'ed site)").isEqualTo(200);
        assertThat(status(invoke(event("POST", "/api/v1/auth/login", "192.0.2.71",
                Map.of("username", "nobody-" + UUID.randomUUID(), "password", "x"))))).as("sign-in is counted apart").isEqualTo(401);

        String guess = "Basic " + java.util.Base64.getEncoder().encodeToString("patchmon_ae_guess:guess".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 1; i <= AUTH; i++) {
            assertThat(status(invoke(as(guess, event("GET", "/api/v1/api/hosts", "192.0.2.74", null))))).as("integration guess " + i)
                    .isEqualTo(401);
        }
        assertLimited(invoke(as(guess, event("GET", "/api/v1/api/hosts", "192.0.2.74", null))), RequestLimits.AUTH_REFUSAL, DAY);
    }

    @Test
    void requestsWithoutACredentialCountPerAddressApartFromTenants() throws IOException {
        Map<String, String> bogus = Map.of("token", "not-a-bootstrap-token");
        for (int i = 1; i <= GENERAL; i++) {
            assertThat(status(invoke(event("POST", "/api/v1/hosts/bootstrap/exchange", "192.0.2.50", bogus)))).as("request " + i)
                    .isBetween(400, 428);
        }
        assertLimited(invoke(event("POST", "/api/v1/hosts/bootstrap/exchange", "192.0.2.50", bogus)), RequestLimits.GENERAL_REFUSAL, DAY);

        assertThat(status(invoke(event("POST", "/api/v1/hosts/bootstrap/exchange", "192.0.2.51", bogus)))).isBetween(400, 428);
        assertThat(status(hosts(acme, "192.0.2.50"))).as("signed in, the tenant's count applies").isEqualTo(200);
    }

    @Test
    void integrationCredentialsCountInTheirTenantsPerAddressLimit() throws IOException {
        String hooli = signup("Hooli", "198.51.100.13");
        JsonNode created = body(invoke(as(hooli, event("POST", "/api/v1/auto-enrollment/tokens", "192.0.2.60",
                Map.of("token_name", "Ansible", "metadata", Map.of("integration_type", "api"), "scopes", Map.of("host", List.of("get")))))), 201);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((created.path("token").path("token_key").asText()
                + ":" + created.path("token").path("token_secret").asText()).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        for (int i = 1; i <= GENERAL; i++) {
            assertThat(status(invoke(as(basic, event("GET", "/api/v1/api/hosts", "192.0.2.61", null))))).as("request " + i).isEqualTo(200);
        }
        assertLimited(invoke(as(basic, event("GET", "/api/v1/api/hosts", "192.0.2.61", null))), RequestLimits.GENERAL_REFUSAL, DAY);

        assertThat(status(hosts(acme, "192.0.2.61"))).as("another tenant from the same address").isEqualTo(200);
        assertThat(status(invoke(as(basic, event("GET", "/api/v1/api/hosts", "192.0.2.62", null))))).as("another address").isEqualTo(200);
    }

    private JsonNode createHost(String bearer, String viewer) throws IOException {
        return body(invoke(as(bearer, event("POST", "/api/v1/hosts", viewer,
                Map.of("friendly_name", "web-" + UUID.randomUUID(), "groupIds", List.of())))), 201);
    }

    private JsonNode agent(JsonNode host, String viewer) throws IOException {
        ObjectNode event = event("GET", "/api/v1/settings/update-interval", viewer, null);
        header(event, "X-API-ID", host.get("api_id").asText());
        return invoke(header(event, "X-API-KEY", host.get("api_key").asText()));
    }
}
