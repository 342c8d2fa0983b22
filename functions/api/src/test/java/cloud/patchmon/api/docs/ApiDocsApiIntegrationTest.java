package cloud.patchmon.api.docs;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.api.security.AgentEndpoint;
import cloud.patchmon.api.security.EnrollmentEndpoint;
import cloud.patchmon.api.security.IntegrationEndpoint;
import cloud.patchmon.api.security.PublicEndpoint;
import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.rbac.Permission;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The OpenAPI document and Swagger UI: signed-in users only, and the document complete against the
 * routes Spring registered, so a route added later without a document entry fails here. Each
 * operation's security must say what its access annotation enforces.
 */
@SpringBootTest(properties = "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration")
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    RequestMappingHandlerMapping mappings;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private JsonNode document;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeAll
    void signIn() throws Exception {
        owner = new ApiSession(mvc).signup();
        document = json.readTree(mvc.perform(get(ApiDocsResource.DOCUMENT).header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private record Route(String method, String path, HandlerMethod handler) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Route> registeredRoutes() {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            if (!entry.getValue().getBeanType().getPackageName().startsWith("cloud.patchmon")) {
                continue;
            }
            for (String pattern : entry.getKey().getPathPatternsCondition().getPatternValues()) {
                // {file:.+} is {file} in OpenAPI.
                String path = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
                entry.getKey().getMethodsCondition().getMethods()
                        .forEach(m -> routes.add(new Route(m.name().toLowerCase(Locale.ROOT), path, entry.getValue())));
            }
        }
        return routes;
    }

    @Test
    void theDocumentHasAnOperationForEveryRegisteredRouteAndNothingElse() {
        List<Route> routes = registeredRoutes();
        assertThat(routes).hasSizeGreaterThan(50);
        List<String> missing = routes.stream().filter(r -> !document.path("paths").path(r.path()).has(r.method()))
                .map(Route::toString).toList();
        assertThat(missing).as("routes without a document entry").isEmpty();

        Set<String> registered = new HashSet<>();
        routes.forEach(r -> registered.add(r.method() + " " + r.path()));
        List<String> extra = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)
                    && !registered.contains(method + " " + path.getKey()) && !path.getKey().equals(ApiDocsConfiguration.AGENTS_WEBSOCKET)) {
                extra.add(method + " " + path.getKey());
            }
        }));
        assertThat(extra).as("documented operations no route answers").isEmpty();
    }

    @Test
    void everyOperationsSecurityIsWhatItsAccessRuleEnforces() {
        List<String> wrong = new ArrayList<>();
        for (Route route : registeredRoutes()) {
            JsonNode operation = document.path("paths").path(route.path()).path(route.method());
            Set<String> schemes = new HashSet<>();
            operation.path("security").forEach(requirement -> schemes.add(String.join("+", iterable(requirement.fieldNames()))));
            Set<String> expected;
            if (route.handler().hasMethodAnnotation(PublicEndpoint.class)) {
                expected = Set.of();
            } else if (route.handler().hasMethodAnnotation(AgentEndpoint.class)) {
                expected = Set.of(ApiDocsConfiguration.AGENT_ID + "+" + ApiDocsConfiguration.AGENT_KEY);
            } else if (route.handler().hasMethodAnnotation(EnrollmentEndpoint.class)) {
                expected = Set.of(ApiDocsConfiguration.ENROLLMENT_KEY + "+" + ApiDocsConfiguration.ENROLLMENT_SECRET);
            } else if (route.handler().hasMethodAnnotation(IntegrationEndpoint.class)) {
                expected = Set.of(ApiDocsConfiguration.INTEGRATION);
            } else {
                expected = Set.of(ApiDocsConfiguration.BEARER, ApiDocsConfiguration.COOKIE);
            }
            if (!schemes.equals(expected) || !operation.path("security").isArray()) {
                wrong.add(route + " has " + schemes + ", expected " + expected);
            }
            RequiresPermission rule = route.handler().getMethodAnnotation(RequiresPermission.class);
            if (rule != null) {
                List<String> keys = Arrays.stream(rule.value()).map(Permission::key).toList();
                List<String> documented = new ArrayList<>();
                operation.path("x-patchmon-permissions").forEach(k -> documented.add(k.asText()));
                if (!documented.equals(keys) || !operation.path("responses").has("403")) {
                    wrong.add(route + " documents permissions " + documented + ", expected " + keys);
                }
            }
            if (!operation.path("responses").path("429").path("headers").has("Retry-After")
                    || !operation.path("responses").path("500").path("content").path("application/json").path("schema").path("$ref")
                    .asText().equals("#/components/schemas/Error")) {
                wrong.add(route + " lacks the error responses");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theSecuritySchemesTheErrorShapesAndTheAgentsWebSocketAreDescribed() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path(ApiDocsConfiguration.BEARER).path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path(ApiDocsConfiguration.COOKIE).path("in").asText()).isEqualTo("cookie");
        assertThat(schemes.path(ApiDocsConfiguration.COOKIE).path("name").asText()).isEqualTo("patchmon_access");
        assertThat(schemes.path(ApiDocsConfiguration.AGENT_ID).path("name").asText()).isEqualTo("X-API-ID");
        assertThat(schemes.path(ApiDocsConfiguration.AGENT_KEY).path("name").asText()).isEqualTo("X-API-KEY");
        assertThat(schemes.path(ApiDocsConfiguration.ENROLLMENT_KEY).path("name").asText()).isEqualTo("X-Auto-Enrollment-Key");
        assertThat(schemes.path(ApiDocsConfiguration.INTEGRATION).path("scheme").asText()).isEqualTo("basic");
        assertThat(document.path("components").path("schemas").path("Error").path("required").get(0).asText()).isEqualTo("error");
        assertThat(document.path("components").path("schemas").path("ValidationErrors").path("properties").path("errors")
                .path("items").path("properties").has("param")).isTrue();

        JsonNode ws = document.path("paths").path(ApiDocsConfiguration.AGENTS_WEBSOCKET).path("get");
        assertThat(ws.path("responses").has("101")).isTrue();
        assertThat(ws.path("description").asText()).contains("X-API-ID", "command_ack", "run_patch", "128 KB");
        assertThat(document.path("openapi").asText()).startsWith("3.");
    }

    @Test
    void bodiesAreDocumentedInSnakeCaseAndTheCallerIsNoParameter() {
        JsonNode put = document.path("paths").path("/api/v1/settings/rate-limits").path("put");
        assertThat(put.path("parameters").isMissingNode() || put.path("parameters").isEmpty()).as("the caller is not a parameter").isTrue();
        String body = put.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText();
        JsonNode schema = document.path("components").path("schemas").path(body.substring(body.lastIndexOf('/') + 1));
        assertThat(iterable(schema.path("properties").fieldNames())).contains("general", "agent", "password_change");
    }

    @Test
    void swaggerUiAndTheDocumentAreForSignedInUsersOnly() throws Exception {
        for (String path : List.of("/api/v1/api-docs", ApiDocsResource.DOCUMENT, ApiDocsResource.DOCUMENT_YAML,
                "/api/v1/api-docs/swagger-ui/swagger-ui-bundle.js")) {
            mvc.perform(get(path)).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Access token required"));
            mvc.perform(get(path).header("Authorization", "Bearer not-a-token")).andExpect(status().isUnauthorized());
        }

        mvc.perform(get("/api/v1/api-docs").header("Authorization", owner.bearer())).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/html"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(ApiDocsResource.DOCUMENT)));
        mvc.perform(get("/api/v1/api-docs/").header("Authorization", owner.bearer())).andExpect(status().isOk());
        mvc.perform(get("/api/v1/api-docs/swagger-ui/swagger-ui-bundle.js").header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith("text/javascript"));
        mvc.perform(get("/api/v1/api-docs/swagger-ui/index.html").header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Route not found"));
        mvc.perform(get(ApiDocsResource.DOCUMENT_YAML).header("Authorization", owner.bearer())).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.startsWith("openapi: 3.")));
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }
}
