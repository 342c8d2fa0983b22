package cloud.patchmon.infra;

import cloud.patchmon.core.events.EventBridgeEvents;
import java.util.List;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The EventBridge bus domain events go to (source {@value EventBridgeEvents#SOURCE}, detail-type the event's type):
 * every function that raises events gets its name and may put events on it, nothing else. Rules and their targets
 * (alerts, notifications) arrive with the alerts issue. Adds its resources to {@code scope} directly (see
 * {@link PatchmonStack} for why).
 */
public final class PatchmonEvents {

    private final EventBus bus;

    /** @param publishers the functions that raise domain events */
    PatchmonEvents(Construct scope, List<Function> publishers) {
        // A generated name, so stages can share an account and region.
        bus = EventBus.Builder.create(scope, "EventBus")
                .description("PatchMon domain events (" + EventBridgeEvents.SOURCE + ")")
                .build();
        for (Function publisher : publishers) {
            bus.grantPutEventsTo(publisher);
            publisher.addEnvironment(EventBridgeEvents.BUS_VARIABLE, bus.getEventBusName());
        }
    }

    public EventBus bus() {
        return bus;
    }
}
