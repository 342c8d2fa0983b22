package cloud.patchmon.local.ws;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the emulator reads an authorizer's answer, as API Gateway does: an Allow for $connect, and any Deny wins. */
class WsEventsTest {

    private static Map<String, Object> policy(Object... statements) {
        return Map.of("principalId", "h1", "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(statements)),
                "context", Map.of("tenantId", "acme", "hostId", "h1", "weight", 3));
    }

    private static Map<String, Object> statement(String effect, String resource) {
        return Map.of("Action", "execute-api:Invoke", "Effect", effect, "Resource", resource);
    }

    @Test
    void anAllowForThisConnectRouteLetsTheConnectionIn() {
        assertThat(WsEvents.allows(policy(statement("Allow", WsEvents.methodArn())))).isTrue();
        assertThat(WsEvents.allows(policy(statement("Allow", "*")))).isTrue();
    }

    @Test
    void aDenyAnotherResourceOrNoPolicyKeepsItOut() {
        assertThat(WsEvents.allows(policy(statement("Deny", WsEvents.methodArn())))).isFalse();
        assertThat(WsEvents.allows(policy(statement("Allow", "*"), statement("Deny", WsEvents.methodArn())))).isFalse();
        assertThat(WsEvents.allows(policy(statement("Allow", "arn:aws:execute-api:local:000000000000:other/local/$connect")))).isFalse();
        assertThat(WsEvents.allows(policy())).isFalse();
        assertThat(WsEvents.allows(policy("not a statement"))).isFalse();
        assertThat(WsEvents.allows(Map.of("principalId", "h1"))).isFalse();
        assertThat(WsEvents.allows(null)).isFalse();
    }

    @Test
    void laterEventsCarryTheContextAsStringsWithThePrincipal() {
        assertThat(WsEvents.authorizerContext(policy(statement("Allow", "*"))))
                .isEqualTo(Map.of("tenantId", "acme", "hostId", "h1", "weight", "3", "principalId", "h1"));
    }
}
