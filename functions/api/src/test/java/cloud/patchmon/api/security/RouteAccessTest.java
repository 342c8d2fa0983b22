package cloud.patchmon.api.security;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
}
