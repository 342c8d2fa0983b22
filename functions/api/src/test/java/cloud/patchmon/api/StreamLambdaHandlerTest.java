package cloud.patchmon.api;

import cloud.patchmon.core.edge.EdgeHeaders;
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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds API Gateway REST proxy events through the real Lambda entry point: the health and routing
 * conventions, and what the API makes of a request CloudFront forwarded ({@code via-cloudfront.json})
 * versus a direct call that forges the same forwarding headers without the origin secret
 * ({@code direct-with-forged-forwarding.json}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamLambdaHandlerTest {

    /** The origin secret in {@code via-cloudfront.json}, configured here as the stack configures it. */
    private static final String ORIGIN_SECRET = "lambda-origin-secret-0123456789abcdefghijklmnopqrstuv";
    private static final String DISTRIBUTION = "d111111abcdef8.cloudfront.net";
    private static final int LOGIN_LIMIT = 3;
    private static final Map<String, String> SETTINGS = Map.of(
            "patchmon.edge.origin-secret", ORIGIN_SECRET,
            "patchmon.auth.rate-limit", Integer.toString(LOGIN_LIMIT),
            "patchmon.auth.bcrypt-cost", "4");

    private final ObjectMapper json = new ObjectMapper();
    private StreamLambdaHandler handler;
    private String bearer;

    @BeforeAll
    void start() throws IOException {
        // The handler builds its own Spring context from the environment, as in Lambda; system
        // properties stand in for the function's environment variables while it starts.
        StorageSettings table = DynamoDbLocal.instance().newTable();
        System.setProperty("patchmon.storage.table", table.tableName());
        System.setProperty("patchmon.storage.endpoint", table.endpoint().orElseThrow().toString());
        SETTINGS.forEach(System::setProperty);
        handler = new StreamLambdaHandler();

        JsonNode signedUp = body(invoke(viaCloudFront("POST", "/api/v1/auth/signup", "198.51.100.5",
                Map.of("tenant_name", "Edge Org", "username", "edge" + UUID.randomUUID().toString().substring(0, 8),
                        "email", "edge@example.test", "password", ApiSession.PASSWORD))), 201);
        bearer = "Bearer " + signedUp.get("token").asText();
    }

    @AfterAll
    void clearSettings() {
        System.clearProperty("patchmon.storage.table");
        System.clearProperty("patchmon.storage.endpoint");
        SETTINGS.keySet().forEach(System::clearProperty);
    }

    private JsonNode invoke(String fixture) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/events/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return invoke(in.readAllBytes());
        }
    }

    private JsonNode invoke(ObjectNode event) throws IOException {
        return invoke(json.writeValueAsBytes(event));
    }

    private JsonNode invoke(byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new PrimingContext());
        return json.readTree(out.toByteArray());
    }

    private JsonNode body(JsonNode response, int status) throws IOException {
        assertThat(response.get("statusCode").asInt()).as(response.get("body").asText()).isEqualTo(status);
        return json.readTree(response.get("body").asText());
    }

    private ObjectNode fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/events/" + name)) {
            assertThat(in).as(name).isNotNull();
            return (ObjectNode) json.readTree(in);
        }
    }

    /** The fixture re-aimed at another route, as API Gateway would deliver it through {@code /api/{proxy+}}. */
    private ObjectNode request(String fixture, String method, String path, Object body) throws IOException {
        ObjectNode event = fixture(fixture);
        event.put("httpMethod", method).put("path", path);
        event.putObject("pathParameters").put("proxy", path.substring("/api/".length()));
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("httpMethod", method).put("path", "/" + context.get("stage").asText() + path);
        if (body != null) {
            event.put("body", json.writeValueAsString(body));
            header(event, "Content-Type", "application/json");
        }
        return event;
    }

    private static ObjectNode header(ObjectNode event, String name, String value) {
        ((ObjectNode) event.get("headers")).put(name, value);
        ((ObjectNode) event.get("multiValueHeaders")).putArray(name).add(value);
        return event;
    }

    private ObjectNode viaCloudFront(String method, String path, String viewer, Object body) throws IOException {
        ObjectNode event = request("via-cloudfront.json", method, path, body);
        header(event, EdgeHeaders.VIEWER_ADDRESS, viewer);
        header(event, "X-Forwarded-For", viewer + ", 130.176.98.21");
        return event;
    }

    private ObjectNode signedIn(ObjectNode event) {
        return header(event, "Authorization", bearer);
    }

    private static Map<String, Object> enrolment() {
        String name = "lxc-" + UUID.randomUUID();
        return Map.of("friendly_name", name, "machine_id", name);
    }

    private ObjectNode enrol(ObjectNode event, JsonNode token) {
        header(event, "X-Auto-Enrollment-Key", token.get("token_key").asText());
        return header(event, "X-Auto-Enrollment-Secret", token.get("token_secret").asText());
    }

    @Test
    void answersTheHealthCheck() throws IOException {
        JsonNode response = invoke("health-get.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        JsonNode body = json.readTree(response.get("body").asText());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(response.get("multiValueHeaders").get("Content-Type").get(0).asText()).startsWith("application/json");
        assertThat(response.get("multiValueHeaders").get("X-Request-Id").get(0).asText())
                .as("the Lambda request id traces the call").isEqualTo(new PrimingContext().getAwsRequestId());
    }

    @Test
    void unknownRoutesGetTheSpecErrorShapeAndKeepTheCallersRequestId() throws IOException {
        JsonNode response = invoke("unknown-route-trailing-slash.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(json.readTree(response.get("body").asText()).get("error").asText()).isEqualTo("Route not found");
        assertThat(response.get("multiValueHeaders").get("X-Request-Id").get(0).asText()).isEqualTo("trace-me-42");
    }

    @Test
    void aWrongMethodOnAKnownPathWithTrailingSlashIs405() throws IOException {
        JsonNode response = invoke("health-trailing-slash-post.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(405);
        assertThat(json.readTree(response.get("body").asText()).get("error").asText()).isEqualTo("Method not allowed");
    }

    // --- behind CloudFront ----------------------------------------------------------------------

    @Test
    void theInstallScriptCarriesTheDistributionsUrlNotApiGatewaysHost() throws IOException {
        JsonNode host = body(invoke(signedIn(viaCloudFront("POST", "/api/v1/hosts", "198.51.100.5",
                Map.of("friendly_name", "web-" + UUID.randomUUID(), "groupIds", List.of())))), 201);

        ObjectNode install = request("via-cloudfront.json", "GET", "/api/v1/hosts/install", null);
        header(install, "X-API-ID", host.get("api_id").asText());
        header(install, "X-API-KEY", host.get("api_key").asText());
        JsonNode response = invoke(install);
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").asText()).contains("PATCHMON_SERVER=\"https://" + DISTRIBUTION + "\"").doesNotContain("execute-api");

        ObjectNode direct = request("direct-with-forged-forwarding.json", "GET", "/api/v1/hosts/install", null);
        header(direct, "X-API-ID", host.get("api_id").asText());
        header(direct, "X-API-KEY", host.get("api_key").asText());
        // aws-serverless-java-container rebuilds an execute-api host from the API id and AWS_REGION.
        assertThat(invoke(direct).get("body").asText()).as("a direct call gets the API Gateway host it called")
                .contains("PATCHMON_SERVER=\"https://abcdef1234.execute-api.").doesNotContain("evil.example");
    }

    @Test
    void theEnrolmentAllowListSeesTheViewerAndIgnoresForgedForwarding() throws IOException {
        JsonNode token = body(invoke(signedIn(viaCloudFront("POST", "/api/v1/auto-enrollment/tokens", "198.51.100.5",
                Map.of("token_name", "Edge", "allowed_ip_ranges", List.of("198.51.100.23", "203.0.113.0/24"))))), 201).get("token");

        assertThat(invoke(enrol(viaCloudFront("POST", "/api/v1/auto-enrollment/enroll", "198.51.100.23", enrolment()), token))
                .get("statusCode").asInt()).as("exact").isEqualTo(201);
        assertThat(invoke(enrol(viaCloudFront("POST", "/api/v1/auto-enrollment/enroll", "203.0.113.200", enrolment()), token))
                .get("statusCode").asInt()).as("CIDR").isEqualTo(201);
        assertThat(invoke(enrol(viaCloudFront("POST", "/api/v1/auto-enrollment/enroll", "::ffff:203.0.113.9", enrolment()), token))
                .get("statusCode").asInt()).as("IPv4-mapped IPv6").isEqualTo(201);
        JsonNode outside = invoke(enrol(viaCloudFront("POST", "/api/v1/auto-enrollment/enroll", "192.0.2.99", enrolment()), token));
        assertThat(body(outside, 403).get("error").asText()).isEqualTo("IP address not authorized for this token");

        // Claims 198.51.100.23 in every forwarding header it can write, connects from 192.0.2.10.
        JsonNode forged = invoke(enrol(request("direct-with-forged-forwarding.json", "POST", "/api/v1/auto-enrollment/enroll", enrolment()), token));
        assertThat(body(forged, 403).get("error").asText()).isEqualTo("IP address not authorized for this token");
    }

    @Test
    void signInAttemptsAreCountedPerViewerNotPerCloudFrontEdge() throws IOException {
        Map<String, String> wrong = Map.of("username", "nobody-" + UUID.randomUUID(), "password", "not-the-password");
        for (int attempt = 1; attempt <= LOGIN_LIMIT; attempt++) {
            assertThat(invoke(viaCloudFront("POST", "/api/v1/auth/login", "192.0.2.50", wrong)).get("statusCode").asInt())
                    .as("attempt " + attempt).isEqualTo(401);
        }
        assertThat(invoke(viaCloudFront("POST", "/api/v1/auth/login", "192.0.2.50", wrong)).get("statusCode").asInt()).isEqualTo(429);
        assertThat(invoke(viaCloudFront("POST", "/api/v1/auth/login", "192.0.2.51", wrong)).get("statusCode").asInt())
                .as("another viewer behind the same edge server").isEqualTo(401);
    }

    @Test
    void theOriginSecretNeverLeavesTheFunction() throws IOException {
        PrintStream console = System.out;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        List<JsonNode> responses;
        System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            responses = List.of(
                    invoke("via-cloudfront.json"),
                    invoke(request("via-cloudfront.json", "GET", "/api/v1/no-such-route", null)),
                    invoke(request("via-cloudfront.json", "POST", "/api/v1/auth/login", List.of("not", "an", "object"))),
                    invoke(enrol(request("via-cloudfront.json", "POST", "/api/v1/auto-enrollment/enroll", enrolment()),
                            json.createObjectNode().put("token_key", "patchmon_ae_unknown").put("token_secret", "0".repeat(64)))));
        } finally {
            System.setOut(console);
        }
        assertThat(responses).extracting(r -> r.get("statusCode").asInt()).containsExactly(200, 404, 400, 401);
        assertThat(responses).allSatisfy(r -> assertThat(r.toString()).doesNotContain(ORIGIN_SECRET));
        assertThat(logged.toString(StandardCharsets.UTF_8)).as("the access lines are captured").contains("/api/v1/no-such-route")
                .doesNotContain(ORIGIN_SECRET);
    }

    @Test
    void aHostsAutoUpdateSwitchChangesWhatItsAgentIsToldThroughTheFunction() throws IOException {
        JsonNode created = body(invoke(signedIn(viaCloudFront("POST", "/api/v1/hosts", "198.51.100.5",
                Map.of("friendly_name", "lambda-" + UUID.randomUUID(), "os_family", "linux")))), 201);
        String hostId = created.path("host").path("id").asText();
        ObjectNode askVersion = viaCloudFront("GET", "/api/v1/hosts/agent/version", "198.51.100.9", null);
        askVersion.putObject("queryStringParameters").put("type", "java");
        askVersion.putObject("multiValueQueryStringParameters").putArray("type").add("java");
        header(askVersion, "X-API-ID", created.path("api_id").asText());
        header(askVersion, "X-API-KEY", created.path("api_key").asText());
        assertThat(body(invoke(askVersion.deepCopy()), 200).path("autoUpdateDisabled").asBoolean()).isFalse();

        JsonNode off = body(invoke(signedIn(viaCloudFront("PATCH", "/api/v1/hosts/" + hostId + "/auto-update", "198.51.100.5",
                Map.of("auto_update", false)))), 200);
        assertThat(off.path("auto_update").asBoolean()).isFalse();
        assertThat(off.path("agent_notified").asBoolean()).as("no agent connected").isFalse();
        JsonNode answer = body(invoke(askVersion.deepCopy()), 200);
        assertThat(answer.path("autoUpdateDisabled").asBoolean()).isTrue();
        assertThat(answer.path("autoUpdateDisabledReason").asText()).isEqualTo("Auto-update is disabled for this host");

        assertThat(invoke(signedIn(viaCloudFront("PATCH", "/api/v1/hosts/" + hostId + "/auto-update", "198.51.100.5",
                Map.of("auto_update", "off")))).get("statusCode").asInt()).isEqualTo(400);
        assertThat(invoke(signedIn(viaCloudFront("PATCH", "/api/v1/hosts/" + UUID.randomUUID() + "/auto-update", "198.51.100.5",
                Map.of("auto_update", true)))).get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(invoke(askVersion), 200).path("autoUpdateDisabled").asBoolean()).as("unchanged by the refused calls").isTrue();
    }
}
