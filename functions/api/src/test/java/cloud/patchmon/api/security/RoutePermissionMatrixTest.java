package cloud.patchmon.api.security;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.rbac.BuiltInRole;
import cloud.patchmon.core.rbac.Permission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Hits every permission-guarded route with every built-in role (and with no token): a role
 * without the route's permission gets 403 "Insufficient permissions", a role with it gets past
 * access control, nobody gets in anonymously. Routes added later are covered automatically.
 */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutePermissionMatrixTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    RequestMappingHandlerMapping mappings;
    private final Map<BuiltInRole, ApiSession.Account> accounts = new EnumMap<>(BuiltInRole.class);

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeAll
    void signInEveryRole() throws Exception {
        ApiSession session = new ApiSession(mvc);
        ApiSession.Account owner = session.signup();
        accounts.put(BuiltInRole.SUPERADMIN, owner);
        for (BuiltInRole role : BuiltInRole.values()) {
            if (role != BuiltInRole.SUPERADMIN) {
                accounts.put(role, session.userWithRole(owner, role.key()));
            }
        }
    }

    private record Route(HttpMethod method, String path, Permission[] required) {
    }

    private List<Route> guardedRoutes() {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            RequiresPermission rule = entry.getValue().getMethodAnnotation(RequiresPermission.class);
            if (rule == null) {
                continue;
            }
            for (String pattern : entry.getKey().getPathPatternsCondition().getPatternValues()) {
                String path = pattern.replaceAll("\\{id}", UUID.randomUUID().toString()).replaceAll("\\{[^}]+}", "no_such_thing");
                entry.getKey().getMethodsCondition().getMethods()
                        .forEach(m -> routes.add(new Route(HttpMethod.valueOf(m.name()), path, rule.value())));
            }
        }
        return routes;
    }

    private MvcResult call(Route route, String bearer) throws Exception {
        var builder = request(route.method(), route.path()).contentType(MediaType.APPLICATION_JSON).content("{}");
        if (bearer != null) {
            builder.header("Authorization", bearer);
        }
        return mvc.perform(builder).andReturn();
    }

    @Test
    void everyGuardedRouteAdmitsExactlyTheRolesHoldingItsPermission() throws Exception {
        List<Route> routes = guardedRoutes();
        assertThat(routes).as("guarded routes").isNotEmpty();
        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            MvcResult anonymous = call(route, null);
            if (anonymous.getResponse().getStatus() != 401) {
                wrong.add(route + " anonymous -> " + anonymous.getResponse().getStatus());
            }
            for (BuiltInRole role : BuiltInRole.values()) {
                boolean allowed = role == BuiltInRole.SUPERADMIN || role == BuiltInRole.ADMIN
                        || Arrays.stream(route.required()).anyMatch(role.defaultPermissions()::contains);
                MvcResult result = call(route, accounts.get(role).bearer());
                boolean deniedByAccessControl = result.getResponse().getStatus() == 403
                        && result.getResponse().getContentAsString().contains("\"Insufficient permissions\"");
                if (allowed == deniedByAccessControl || result.getResponse().getStatus() == 401) {
                    wrong.add(route.method() + " " + route.path() + " as " + role.key() + " -> " + result.getResponse().getStatus()
                            + " " + result.getResponse().getContentAsString());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private record IntegrationRoute(HttpMethod method, String path, IntegrationEndpoint rule) {
    }

    private String integrationToken(String type, Map<String, Object> scopes) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("token_name", type + UUID.randomUUID(), "metadata", Map.of("integration_type", type)));
        if (scopes != null) {
            body.put("scopes", scopes);
        }
        MvcResult created = mvc.perform(request(HttpMethod.POST, "/api/v1/auto-enrollment/tokens").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", accounts.get(BuiltInRole.SUPERADMIN).bearer())
                .content(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body))).andReturn();
        com.fasterxml.jackson.databind.JsonNode token = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(created.getResponse().getContentAsString()).path("token");
        return "Basic " + java.util.Base64.getEncoder().encodeToString((token.path("token_key").asText() + ":" + token.path("token_secret").asText())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Every Basic-auth route: nobody anonymous, no user session (whatever the role), only its own credential type, and
     * for scoped routes only a credential holding exactly the route's action.
     */
    @Test
    void everyIntegrationRouteAdmitsOnlyItsCredentialTypeAndScope() throws Exception {
        List<IntegrationRoute> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            IntegrationEndpoint rule = entry.getValue().getMethodAnnotation(IntegrationEndpoint.class);
            if (rule == null) {
                continue;
            }
            for (String pattern : entry.getKey().getPathPatternsCondition().getPatternValues()) {
                String path = pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                entry.getKey().getMethodsCondition().getMethods().forEach(m -> routes.add(new IntegrationRoute(HttpMethod.valueOf(m.name()), path, rule)));
            }
        }
        assertThat(routes).as("integration routes").hasSizeGreaterThanOrEqualTo(12);
        Map<String, String> byType = Map.of("api", integrationToken("api", Map.of("host", List.of("get", "put", "patch", "update", "delete"))),
                "gethomepage", integrationToken("gethomepage", null));
        String proxmox = integrationToken("proxmox-lxc", null);
        List<String> wrong = new ArrayList<>();
        for (IntegrationRoute route : routes) {
            Route plain = new Route(route.method(), route.path(), new Permission[0]);
            expect(wrong, route, "anonymous", call(plain, null), 401);
            for (BuiltInRole role : BuiltInRole.values()) {
                expect(wrong, route, role.key(), call(plain, accounts.get(role).bearer()), 401);
            }
            expect(wrong, route, "proxmox-lxc token", call(plain, proxmox), 401);
            byType.forEach((type, basic) -> {
                try {
                    MvcResult result = call(plain, basic);
                    if (!type.equals(route.rule().type())) {
                        expect(wrong, route, type + " token", result, 401);
                    } else if (result.getResponse().getStatus() == 401 || result.getResponse().getStatus() == 403) {
                        wrong.add(route + " refused its own credential: " + result.getResponse().getContentAsString());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (!route.rule().resource().isEmpty()) {
                List<String> others = new ArrayList<>(List.of("get", "put", "patch", "update", "delete"));
                others.remove(route.rule().action());
                String without = integrationToken("api", Map.of(route.rule().resource(), others));
                MvcResult refused = call(plain, without);
                if (refused.getResponse().getStatus() != 403 || !refused.getResponse().getContentAsString()
                        .contains("does not have permission to " + route.rule().action() + " " + route.rule().resource())) {
                    wrong.add(route + " without its action -> " + refused.getResponse().getStatus() + " " + refused.getResponse().getContentAsString());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static void expect(List<String> wrong, IntegrationRoute route, String who, MvcResult result, int status) {
        if (result.getResponse().getStatus() != status) {
            try {
                wrong.add(route.method() + " " + route.path() + " as " + who + " -> " + result.getResponse().getStatus() + " "
                        + result.getResponse().getContentAsString());
            } catch (java.io.UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
