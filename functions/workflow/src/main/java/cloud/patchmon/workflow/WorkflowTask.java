package cloud.patchmon.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One step of a workflow that needs code: a Task state names it in its payload ({@code "task": "<name>"}). The same
 * instances run in Lambda {@code workflow} and, in process, under the local interpreter. A thrown exception fails
 * the Task state with the exception's class name as its error, which the definition's Retry and Catch match.
 */
public interface WorkflowTask {

    String name();

    JsonNode run(JsonNode payload);
}
