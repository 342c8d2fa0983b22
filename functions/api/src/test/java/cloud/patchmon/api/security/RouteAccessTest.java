package cloud.patchmon.api.security;

import cloud.patchmon.core.tenants.PlanModule;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route of the product declares exactly one access rule; the interceptor denies the rest. */
@SpringBootTest(properties = "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration")
class RouteAccessTest {

    @Autowired
    RequestMappingHandlerMapping mappings;

    @Test
    void everyRouteDeclaresExactlyOneAccessRule() {
        List<String> offenders = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> route : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod method = route.getValue();
            if (!method.getBeanType().getPackageName().startsWith("cloud.patchmon")) {
                continue;
            }
            long rules = Stream.of(PublicEndpoint.class, SignedIn.class, RequiresPermission.class, AgentEndpoint.class, EnrollmentEndpoint.class,
                            IntegrationEndpoint.class)
                    .filter(method::hasMethodAnnotation).count();
            if (rules != 1) {
                offenders.add(route.getKey() + " -> " + method + " has " + rules + " access rules");
            }
        }
        assertThat(offenders).isEmpty();
        assertThat(mappings.getHandlerMethods()).isNotEmpty();
    }

    /** Admin guide ch. 8, 10: every user-facing patching route is behind the plan's module; the agent's never is. */
    @Test
    void everyPatchingRouteForPeopleIsGatedByItsModuleAndNoAgentRouteIs() {
        List<String> offenders = new ArrayList<>();
        int gated = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> route : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod method = route.getValue();
            RequiresModule gate = method.hasMethodAnnotation(RequiresModule.class) ? method.getMethodAnnotation(RequiresModule.class)
                    : method.getBeanType().getAnnotation(RequiresModule.class);
            Set<PlanModule> modules = gate == null ? Set.of() : Set.of(gate.value());
            boolean patching = route.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/v1/patching/"));
            boolean policies = route.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/v1/patching/policies"));
            if (method.hasMethodAnnotation(AgentEndpoint.class)) {
                if (gate != null) {
                    offenders.add(route.getKey() + " is an agent route behind a module");
                }
            } else if (patching && !modules.contains(policies ? PlanModule.PATCHING_POLICIES : PlanModule.PATCHING)) {
                offenders.add(route.getKey() + " is not behind its module");
            } else if (patching) {
                gated++;
            }
        }
        assertThat(offenders).isEmpty();
        assertThat(gated).isGreaterThan(10);
    }
}
