package cloud.patchmon.api.edge;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.edge.EdgeHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The API behind CloudFront: what the distribution adds (the origin secret, the viewer's host and
 * address) decides the public URL in served scripts and the client address for allow-lists, and
 * the same headers without the secret change nothing.
 */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000",
        "patchmon.edge.origin-secret=" + EdgeAddressesApiIntegrationTest.SECRET})
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class EdgeAddressesApiIntegrationTest {

    static final String SECRET = "mockmvc-origin-secret-0123456789abcdefghijklmnop";
    private static final String EDGE = "130.176.98.21";
    private static final String DISTRIBUTION = "d111111abcdef8.cloudfront.net";

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private final List<MockHttpServletResponse> responses = new ArrayList<>();

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        owner = new ApiSession(mvc).signup();
    }

    /** As CloudFront forwards it: from an edge server, with the origin secret and the viewer's host and address. */
    private static MockHttpServletRequestBuilder viaCloudFront(MockHttpServletRequestBuilder request, String viewer) {
        return request.header(EdgeHeaders.ORIGIN_SECRET, SECRET).header(EdgeHeaders.FORWARDED_HOST, DISTRIBUTION)
                .header(EdgeHeaders.VIEWER_ADDRESS, viewer).header("X-Forwarded-For", viewer + ", " + EDGE)
                .with(r -> {
                    r.setRemoteAddr(EDGE);
                    return r;
                });
    }

    /** A direct caller at {@code remote} that writes whatever forwarding headers it likes, but not the secret. */
    private static MockHttpServletRequestBuilder forged(MockHttpServletRequestBuilder request, String remote, String claimed) {
        return request.header(EdgeHeaders.FORWARDED_HOST, "evil.example").header(EdgeHeaders.VIEWER_ADDRESS, claimed)
                .header("X-Forwarded-For", claimed).header("CloudFront-Viewer-Address", claimed + ":40000")
                .with(r -> {
                    r.setRemoteAddr(remote);
                    return r;
                });
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        responses.add(response);
        return response;
    }

    private JsonNode created(MockHttpServletRequestBuilder request, Object body) throws Exception {
        MockHttpServletResponse response = perform(request.header("Authorization", owner.bearer())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        return json.readTree(response.getContentAsString());
    }

    private record Host(String apiId, String apiKey) {
    }

    private Host host() throws Exception {
        JsonNode host = created(post("/api/v1/hosts"), Map.of("friendly_name", "web-" + UUID.randomUUID(), "groupIds", List.of()));
        return new Host(host.path("api_id").asText(), host.path("api_key").asText());
    }

    private record Token(String key, String secret) {
    }

    private Token token(List<String> allowed) throws Exception {
        JsonNode token = created(post("/api/v1/auto-enrollment/tokens"), Map.of("token_name", "Edge", "allowed_ip_ranges", allowed)).path("token");
        return new Token(token.path("token_key").asText(), token.path("token_secret").asText());
    }

    private MockHttpServletRequestBuilder enrolment(Token token) throws Exception {
        String name = "lxc-" + UUID.randomUUID();
        return post("/api/v1/auto-enrollment/enroll").header("X-Auto-Enrollment-Key", token.key())
                .header("X-Auto-Enrollment-Secret", token.secret()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("friendly_name", name, "machine_id", name)));
    }

    private static MockHttpServletRequestBuilder install(Host host) {
        return get("/api/v1/hosts/install").header("X-API-ID", host.apiId()).header("X-API-KEY", host.apiKey());
    }

    @Test
    void theInstallScriptsPointAgentsAtTheUrlTheViewerUsed() throws Exception {
        Host host = host();

        assertThat(perform(viaCloudFront(install(host), "198.51.100.23")).getContentAsString())
                .contains("PATCHMON_SERVER=\"https://" + DISTRIBUTION + "\"").doesNotContain("localhost");
        assertThat(perform(viaCloudFront(install(host).param("os", "windows"), "198.51.100.23")).getContentAsString())
                .contains("$PatchmonServer = 'https://" + DISTRIBUTION + "'");
    }

    @Test
    void theEnrolmentScriptPointsAtTheUrlTheViewerUsed() throws Exception {
        Token token = token(List.of());

        MockHttpServletResponse script = perform(viaCloudFront(get("/api/v1/auto-enrollment/script").param("type", "proxmox-lxc")
                .param("token_key", token.key()).param("token_secret", token.secret()), "198.51.100.23"));
        assertThat(script.getStatus()).isEqualTo(200);
        assertThat(script.getContentAsString()).contains("PATCHMON_URL=\"${PATCHMON_URL:-https://" + DISTRIBUTION + "}\"");
    }

    @Test
    void aForwardedHostWithoutTheSecretDoesNotRedirectAgents() throws Exception {
        Host host = host();
        Token token = token(List.of());

        assertThat(perform(forged(install(host), "192.0.2.10", "198.51.100.23")).getContentAsString())
                .contains("PATCHMON_SERVER=\"http://localhost\"").doesNotContain("evil.example");
        assertThat(perform(forged(get("/api/v1/auto-enrollment/script").param("type", "direct-host")
                .param("token_key", token.key()).param("token_secret", token.secret()), "192.0.2.10", "198.51.100.23")).getContentAsString())
                .contains("PATCHMON_URL=\"${PATCHMON_URL:-http://localhost}\"").doesNotContain("evil.example");
        assertThat(perform(install(host).header(EdgeHeaders.ORIGIN_SECRET, SECRET.replace('0', '1'))
                .header(EdgeHeaders.FORWARDED_HOST, "evil.example")).getContentAsString())
                .as("a wrong secret proves nothing").contains("http://localhost").doesNotContain("evil.example");
    }

    @Test
    void theAllowListSeesTheViewerBehindCloudFrontExactlyByRangeAndIpv4Mapped() throws Exception {
        Token token = token(List.of("198.51.100.23", "203.0.113.0/24", "2001:db8::/32"));

        for (String allowed : List.of("198.51.100.23", "203.0.113.77", "::ffff:198.51.100.23", "::ffff:203.0.113.5", "2001:db8:0:0:0:0:0:5")) {
            assertThat(perform(viaCloudFront(enrolment(token), allowed)).getStatus()).as(allowed).isEqualTo(201);
        }
        for (String refused : List.of("198.51.100.24", "203.0.114.1", "::ffff:198.51.100.24", "2001:db9::1")) {
            MockHttpServletResponse response = perform(viaCloudFront(enrolment(token), refused));
            assertThat(response.getStatus()).as(refused).isEqualTo(403);
            assertThat(json.readTree(response.getContentAsString()).path("error").asText()).isEqualTo("IP address not authorized for this token");
        }
    }

    @Test
    void behindCloudFrontTheEdgeServersOwnAddressIsNotTheClient() throws Exception {
        Token token = token(List.of(EDGE));

        assertThat(perform(viaCloudFront(enrolment(token), "198.51.100.23")).getStatus()).isEqualTo(403);
    }

    @Test
    void forgedForwardingHeadersWithoutTheSecretAreIgnoredByTheAllowList() throws Exception {
        Token token = token(List.of("198.51.100.0/24"));

        ResultActions forgedIn = mvc.perform(forged(enrolment(token), "192.0.2.10", "198.51.100.23"));
        forgedIn.andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("IP address not authorized for this token"));
        assertThat(perform(forged(enrolment(token), "198.51.100.9", "192.0.2.10")).getStatus())
                .as("the direct caller's own address counts, not what it claims").isEqualTo(201);
        assertThat(perform(enrolment(token).header(EdgeHeaders.ORIGIN_SECRET, "not-the-secret").header(EdgeHeaders.VIEWER_ADDRESS, "198.51.100.23")
                .with(r -> {
                    r.setRemoteAddr(EDGE);
                    return r;
                })).getStatus()).isEqualTo(403);
    }

    @Test
    void theOriginSecretNeverAppearsInAResponseOrALogLine(CapturedOutput output) throws Exception {
        Host host = host();
        Token token = token(List.of("198.51.100.0/24"));
        // From here on: the output of earlier tests (e.g. MockMvc's print of a failed test's requests) is not ours.
        int start = output.getAll().length();

        perform(viaCloudFront(install(host), "198.51.100.23"));
        perform(viaCloudFront(enrolment(token), "192.0.2.1"));
        perform(viaCloudFront(get("/api/v1/no-such-route"), "198.51.100.23"));
        perform(viaCloudFront(post("/api/v1/auto-enrollment/enroll").header("X-Auto-Enrollment-Key", token.key())
                .header("X-Auto-Enrollment-Secret", token.secret()).contentType(MediaType.APPLICATION_JSON).content("{not json"), "198.51.100.23"));
        perform(viaCloudFront(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"nobody\",\"password\":\"wrong\"}"), "198.51.100.23"));

        assertThat(output.getAll().substring(start)).as("the capture sees the access log").contains("/api/v1/no-such-route").doesNotContain(SECRET);
        for (MockHttpServletResponse response : responses) {
            assertThat(response.getContentAsString()).doesNotContain(SECRET);
            for (String name : response.getHeaderNames()) {
                assertThat(response.getHeaders(name)).allSatisfy(value -> assertThat(value).doesNotContain(SECRET));
            }
        }
        assertThat(responses).extracting(MockHttpServletResponse::getStatus).contains(200, 201, 403, 404, 400, 401);
    }
}
