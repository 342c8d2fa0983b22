package cloud.patchmon.local.workflows;

import cloud.patchmon.workflow.WorkflowTasks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * Lambda {@code workflow} in process: the same {@link WorkflowTasks} the Lambda handler dispatches to, with a thrown
 * exception reported as the Lambda Java runtime reports it (error type = the exception's class name, cause =
 * {@code {"errorMessage", "errorType"}}), so Retry and Catch match alike here and in AWS.
 */
public final class WorkflowFunction implements TaskInvoker {

    /** What {@code ${WorkflowFunctionArn}} becomes locally. */
    public static final String ARN = "arn:aws:lambda:local:000000000000:function:patchmon-workflow";

    private final WorkflowTasks tasks;
    private final ObjectMapper json;

    public WorkflowFunction(WorkflowTasks tasks, ObjectMapper json) {
        this.tasks = tasks;
        this.json = json;
    }

    @Override
    public Set<String> functions() {
        return Set.of(ARN);
    }

    @Override
    public JsonNode invoke(String function, JsonNode payload) {
        try {
            return tasks.invoke(payload);
        } catch (RuntimeException e) {
            ObjectNode cause = json.createObjectNode();
            cause.put("errorMessage", e.getMessage());
            cause.put("errorType", e.getClass().getName());
            throw new TaskFailedException(e.getClass().getName(), cause.toString());
        }
    }
}
