package cloud.patchmon.workflow;

import cloud.patchmon.core.json.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Lambda {@code workflow}: every Task state of every state machine invokes it with {@code {"task": "<name>", ...}}.
 * An exception propagates so that Step Functions sees the function error (its type is the exception's class name)
 * and the state's Retry and Catch apply.
 */
public final class WorkflowHandler implements RequestStreamHandler {

    private final WorkflowTasks tasks;
    private final ObjectMapper json = Json.newMapper();

    private static final class Holder {
        static final WorkflowTasks TASKS = WorkflowRuntime.fromEnvironment(System.getenv());
    }

    /** The runtime's constructor: services from the function's environment, built once per container. */
    public WorkflowHandler() {
        this(Holder.TASKS);
    }

    public WorkflowHandler(WorkflowTasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        json.writeValue(output, tasks.invoke(json.readTree(input)));
    }
}
