package cloud.patchmon.agent.patching;

import java.util.List;
import java.util.Map;

/**
 * What a run executes on this host: its steps in order, the environment that keeps every tool
 * non-interactive, and how a dry run's transaction output becomes the affected-package list.
 */
record PatchPlan(String manager, List<PatchStep> steps, Map<String, String> environment, TransactionParser parser) {

    PatchPlan {
        steps = List.copyOf(steps);
        environment = Map.copyOf(environment);
    }
}
