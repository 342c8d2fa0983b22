package cloud.patchmon.core.workflows;

import java.util.regex.Pattern;

/**
 * Execution names both adapters accept. Step Functions allows more characters; this subset is safe in ARNs, URLs
 * and CloudWatch metrics alike, and callers derive names from ids (a patch run's id) to get idempotent starts.
 */
public final class ExecutionNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private ExecutionNames() {
    }

    public static String require(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("execution name must be 1-80 of A-Z a-z 0-9 - _");
        }
        return name;
    }
}
