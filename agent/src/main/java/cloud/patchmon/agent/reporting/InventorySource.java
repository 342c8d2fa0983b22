package cloud.patchmon.agent.reporting;

import java.io.IOException;

/** Collects the host's inventory now. */
@FunctionalInterface
public interface InventorySource {

    /** @throws IOException when a required part (the package list) cannot be collected */
    Inventory collect() throws IOException;
}
