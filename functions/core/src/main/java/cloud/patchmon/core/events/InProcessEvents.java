package cloud.patchmon.core.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delivers events to subscribers in the publishing thread. Enough until notification delivery
 * (issue "alerts and notifications") puts a durable queue behind the port.
 */
public final class InProcessEvents implements Events {

    private final List<Consumer<DomainEvent>> subscribers = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<DomainEvent> subscriber) {
        subscribers.add(subscriber);
    }

    @Override
    public void publish(DomainEvent event) {
        subscribers.forEach(subscriber -> subscriber.accept(event));
    }
}
