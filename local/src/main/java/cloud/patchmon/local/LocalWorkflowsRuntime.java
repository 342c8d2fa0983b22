package cloud.patchmon.local;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.workflows.Workflows;
import cloud.patchmon.local.workflows.LocalWorkflows;
import cloud.patchmon.local.workflows.ScheduledTimers;
import cloud.patchmon.local.workflows.WorkflowFunction;
import cloud.patchmon.workflow.StateMachines;
import cloud.patchmon.workflow.WorkflowTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The stack's Step Functions: every definition of {@link StateMachines}, with {@code ${WorkflowFunctionArn}} pointing
 * at the in-process {@link WorkflowFunction}, executions advancing on a small pool and waking on timers; open
 * executions resume when the stack starts.
 */
record LocalWorkflowsRuntime(LocalWorkflows workflows, ScheduledTimers timers, ExecutorService executor) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkflowsRuntime.class);

    /**
     * @param tasks the same catalogue Lambda {@code workflow} runs, built on the API context's services and on these
     *              workflows (a task answers its own token), which exist once the tasks do
     */
    static LocalWorkflowsRuntime start(ItemStore store, Function<Supplier<Workflows>, WorkflowTasks> tasks, Clock clock) {
        Map<String, String> definitions = new LinkedHashMap<>();
        for (String name : StateMachines.names()) {
            definitions.put(name, StateMachines.definition(name, Map.of(StateMachines.WORKFLOW_FUNCTION, WorkflowFunction.ARN)));
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "local-workflows-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ScheduledTimers timers = new ScheduledTimers(clock);
        AtomicReference<Workflows> built = new AtomicReference<>();
        LocalWorkflows workflows = new LocalWorkflows(store, definitions,
                new WorkflowFunction(tasks.apply(built::get), Json.newMapper()), timers, executor, Json.newMapper());
        built.set(workflows);
        int resumed = workflows.resume();
        if (resumed > 0) {
            LOG.info("resumed {} workflow execution(s)", resumed);
        }
        return new LocalWorkflowsRuntime(workflows, timers, executor);
    }

    @Override
    public void close() {
        workflows.close();
        timers.close();
        executor.shutdownNow();
    }
}
