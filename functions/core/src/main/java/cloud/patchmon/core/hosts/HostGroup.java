package cloud.patchmon.core.hosts;

import java.time.Instant;

/** A named, coloured bucket of hosts (chapter 5); hosts may belong to any number of groups. */
public record HostGroup(String id, String name, String description, String color, Instant createdAt, Instant updatedAt) {
}
