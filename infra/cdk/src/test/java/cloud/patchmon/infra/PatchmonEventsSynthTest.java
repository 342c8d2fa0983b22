package cloud.patchmon.infra;

import static cloud.patchmon.infra.SynthFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.patchmon.core.events.EventBridgeEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The event bus ({@link PatchmonEvents}): exactly the functions that raise domain events know it and may put events
 * on it. Asserts on the template {@link SynthFixture} synthesises once per JVM.
 */
class PatchmonEventsSynthTest {

    /** The api (sign-ins, lockouts, 2FA), the jobs and the agents' routes (host health), the workflows (patch runs). */
    private static final List<String> PUBLISHERS = List.of(PatchmonApi.API_HANDLER, ScheduledJobs.JOBS_HANDLER,
            Realtime.WS_ROUTES_HANDLER, PatchmonWorkflows.WORKFLOW_HANDLER);

    @Test
    void thePublishersAndOnlyThemGetTheBusName() {
        assertThat(EventBridgeEvents.BUS_VARIABLE).isEqualTo("PATCHMON_EVENT_BUS_NAME");
        String bus = busId();
        template.findResources("AWS::Lambda::Function").forEach((id, function) -> {
            Map<?, ?> props = (Map<?, ?>) function.get("Properties");
            Object variables = props.get("Environment") == null ? null : ((Map<?, ?>) props.get("Environment")).get("Variables");
            Object name = variables == null ? null : ((Map<?, ?>) variables).get(EventBridgeEvents.BUS_VARIABLE);
            if (PUBLISHERS.contains(props.get("Handler"))) {
                assertThat(name).as(id).isEqualTo(Map.of("Ref", bus));
            } else {
                assertThat(name).as(id).isNull();
            }
        });
    }

    @Test
    void thePublishersMayPutEventsOnThatBusAndNoOneMayDoAnythingElseWithEventBridge() {
        String bus = busId();
        List<Object> roles = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<?, ?> props = (Map<?, ?>) policy.get("Properties");
            ((List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement")).stream().map(st -> (Map<?, ?>) st)
                    .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("events:")))
                    .forEach(st -> {
                        assertThat(actions(st)).containsExactly("events:PutEvents");
                        assertThat(resources(st)).containsExactly(Map.of("Fn::GetAtt", List.of(bus, "Arn")));
                        roles.addAll((List<?>) props.get("Roles"));
                    });
        });
        assertThat(roles).containsExactlyInAnyOrderElementsOf(PUBLISHERS.stream()
                .<Object>map(handler -> Map.of("Ref", roleOf(onlyFunctionIdWithHandler(handler)))).toList());
    }

    @Test
    void theBusIsTheStacksOwnWithAGeneratedName() {
        Map<?, ?> bus = properties("AWS::Events::EventBus", busId());
        assertThat((String) bus.get("Name")).as("generated from the stack's name, so stages can share an account")
                .startsWith(stack.getStackName() + "EventBus");
        template.resourceCountIs("AWS::Events::Rule", 0);
    }

    private static String busId() {
        return onlyId("AWS::Events::EventBus");
    }
}
