package cloud.patchmon.core.storage;

import java.util.List;
import java.util.Optional;

/** One page of query results; {@code nextCursor} is absent on the last page. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    public Page {
        items = List.copyOf(items);
    }
}
