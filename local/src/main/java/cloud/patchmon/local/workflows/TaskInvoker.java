package cloud.patchmon.local.workflows;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/** Runs the Lambda function a Task state names, in process. */
public interface TaskInvoker {

    /** Function ARNs (or names) this invoker can run; definitions naming others are refused when registered. */
    Set<String> functions();

    /**
     * @throws TaskFailedException as the function's error (Step Functions' {@code Error} and {@code Cause})
     */
    JsonNode invoke(String function, JsonNode payload);
}
