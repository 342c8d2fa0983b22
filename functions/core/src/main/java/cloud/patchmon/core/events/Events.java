package cloud.patchmon.core.events;

/** The events port: EventBridge PutEvents in AWS, an in-process bus locally. */
public interface Events {

    void publish(DomainEvent event);
}
