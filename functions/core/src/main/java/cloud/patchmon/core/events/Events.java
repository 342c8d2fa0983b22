package cloud.patchmon.core.events;

import java.util.List;

/** The events port: EventBridge PutEvents in AWS, an in-process bus locally. */
public interface Events {

    void publish(DomainEvent event);

    /** Several at once, in order; EventBridge puts them in as few requests as its limits allow. */
    default void publishAll(List<DomainEvent> events) {
        events.forEach(this::publish);
    }
}
