package cloud.patchmon.core.tenants;

import java.util.Arrays;
import java.util.Optional;

/** A capability module a tenant's plan may include (admin guide ch. 8, 10); {@link #key()} is its name on the wire. */
public enum PlanModule {
    PATCHING("patching"),
    PATCHING_POLICIES("patching_policies");

    private final String key;

    PlanModule(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<PlanModule> fromKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }
}
