package cloud.patchmon.infra;

import cloud.patchmon.workflow.StateMachines;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * Lambda {@code workflow} (every Task state's worker) and the Standard state machines built from
 * {@link StateMachines}' ASL definitions, the very text the local stack interprets: today {@code PatchRun}. The api
 * starts, stops and describes its executions and completes the task tokens the agent's stages answer; the workflow
 * function may only answer a token with success (its own, when the agent was quicker). Adds its
 * resources to {@code scope} directly (see {@link PatchmonStack} for why).
 */
public final class PatchmonWorkflows {

    public static final String WORKFLOW_HANDLER = "cloud.patchmon.workflow.WorkflowHandler::handleRequest";
    /** The api function's environment variable naming the PatchRun state machine. */
    public static final String PATCH_RUN_STATE_MACHINE_ARN_ENV = "PATCHMON_PATCH_RUN_STATE_MACHINE_ARN";

    /**
     * The tasks read and write runs, hosts and queued agent jobs through the same repositories as the api, including
     * its transactions (ConditionCheckItem) and index queries; no Scan, no table administration.
     */
    public static final List<String> WORKFLOW_TABLE_ACTIONS = PatchmonApi.TABLE_DATA_ACTIONS;

    /** The Task resources a definition may use: the workflow function, invoked directly or by lambda:invoke. */
    private static final Set<String> LAMBDA_INVOKE_INTEGRATIONS = Set.of(
            "arn:aws:states:::lambda:invoke", "arn:aws:states:::lambda:invoke.waitForTaskToken");
    private static final String WORKFLOW_FUNCTION_REFERENCE = "${" + StateMachines.WORKFLOW_FUNCTION + "}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    private final Function function;
    private final StateMachine patchRun;

    /**
     * @param realtime the WebSocket APIs: the tasks post {@code run_patch} to a host's connection and a failed run's
     *                 end to the browsers watching it
     * @param api      starts, stops and describes PatchRun executions and answers their task tokens
     */
    PatchmonWorkflows(Construct scope, Table table, Path asset, Realtime realtime, Function api) {
        WebSocketStage agentsStage = realtime.agentsStage();
        LogGroup logs = LogGroup.Builder.create(scope, "WorkflowFunctionLogs")
                .retention(RetentionDays.ONE_MONTH)
                .build();
        Role role = Role.Builder.create(scope, "WorkflowFunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("PatchMon workflow function: own log group, table data actions, posting to agents")
                .build();
        logs.grantWrite(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("TableData")
                .effect(Effect.ALLOW)
                .actions(WORKFLOW_TABLE_ACTIONS)
                .resources(List.of(table.getTableArn(), table.getTableArn() + "/index/*"))
                .build());
        // PostToConnection only: run_patch goes to the host's connection; closing connections stays the api's.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("AgentConnections")
                .effect(Effect.ALLOW)
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(realtime.agentsApi().arnForExecuteApi("POST", "/@connections/*", agentsStage.getStageName())))
                .build());
        // PostToConnection on the browsers' stage: a run the workflow fails (agent timeout) ends its live stream.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("BrowserConnections")
                .effect(Effect.ALLOW)
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(realtime.uiApi().arnForExecuteApi("POST", "/@connections/*", realtime.uiStage().getStageName())))
                .build());
        function = Function.Builder.create(scope, "WorkflowFunction")
                .description("PatchMon workflow tasks (Step Functions Task states)")
                .runtime(Runtime.JAVA_17)
                .architecture(Architecture.ARM_64)
                .handler(WORKFLOW_HANDLER)
                .code(Code.fromAsset(asset.toString()))
                .memorySize(1024)
                // Below the 30 s TimeoutSeconds of the definitions' tasks, so a slow task fails as a Lambda timeout
                // the state's Retry sees rather than racing the state's own timeout. No SnapStart: an execution
                // runs a handful of tasks spread over hours, each cold start is paid inside a workflow, not a request.
                .timeout(Duration.seconds(20))
                .role(role)
                .logGroup(logs)
                .environment(Map.of(
                        "PATCHMON_TABLE", table.getTableName(),
                        Realtime.AGENTS_CALLBACK_URL_ENV, agentsStage.getCallbackUrl(),
                        Realtime.UI_CALLBACK_URL_ENV, realtime.uiStage().getCallbackUrl(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();

        patchRun = stateMachine(scope, StateMachines.PATCH_RUN, function);
        // AwaitResult's task answers its own token when the agent's terminal stage came before it stored the token:
        // SendTaskSuccess on PatchRun's tokens only. A Policy of its own, not the role's default one: the function
        // waits for that, and this ARN needs the state machine, which needs the function.
        Policy.Builder.create(scope, "WorkflowFunctionTaskTokensPolicy")
                .roles(List.of(role))
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid("PatchRunOwnTokens")
                        .effect(Effect.ALLOW)
                        .actions(List.of("states:SendTaskSuccess"))
                        .resources(List.of(patchRun.getStateMachineArn()))
                        .build()))
                .build();

        api.addEnvironment(PATCH_RUN_STATE_MACHINE_ARN_ENV, patchRun.getStateMachineArn());
        patchRun.grantStartExecution(api);
        patchRun.grantExecution(api, "states:StopExecution", "states:DescribeExecution");
        // SendTask* are authorised against the state machine whose execution issued the token (an AccessDenied names
        // arn:...:stateMachine:<name>), so the api can answer PatchRun's tokens and no other machine's.
        patchRun.grantTaskResponse(api);
    }

    /**
     * A Standard state machine (PatchRun waits for hours and for a callback, beyond Express's five minutes) whose role
     * may invoke the workflow function and nothing else. Logs errors to its own log group without execution data: the
     * input and state data carry task tokens, and Standard executions keep their history for 90 days anyway. No
     * X-Ray, like the functions: a run is followed by its id in the logs and in the execution's history.
     */
    private static StateMachine stateMachine(Construct scope, String name, Function function) {
        String definition = StateMachines.definition(name);
        requireOnlyWorkflowFunctionTasks(name, definition);
        LogGroup logs = LogGroup.Builder.create(scope, name + "StateMachineLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(scope, name + "StateMachineRole")
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .description("PatchMon " + name + " state machine: invoking the workflow function only")
                .build();
        // The unqualified function only (no versions or aliases: the definitions name the function's ARN).
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WorkflowFunction")
                .effect(Effect.ALLOW)
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(function.getFunctionArn()))
                .build());
        return StateMachine.Builder.create(scope, name)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(definition))
                .definitionSubstitutions(Map.of(StateMachines.WORKFLOW_FUNCTION, function.getFunctionArn()))
                .role(role)
                .logs(LogOptions.builder()
                        .destination(logs)
                        .level(LogLevel.ERROR)
                        .includeExecutionData(false)
                        .build())
                .tracingEnabled(false)
                .build();
    }

    /**
     * Fails the synth when a definition's Task states (at any depth: Parallel branches, Map processors) call anything
     * but the workflow function, or when it uses a placeholder CDK would not substitute: the state machine role is
     * granted exactly the workflow function, so a new integration must be granted here before it can deploy.
     */
    static void requireOnlyWorkflowFunctionTasks(String name, String definition) {
        Matcher placeholders = PLACEHOLDER.matcher(definition);
        while (placeholders.find()) {
            if (!placeholders.group(1).equals(StateMachines.WORKFLOW_FUNCTION)) {
                throw new IllegalStateException(name + " uses ${" + placeholders.group(1) + "}, which the stack does not substitute");
            }
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(name + " is not valid JSON", e);
        }
        List<String> refused = new ArrayList<>();
        collectForeignTasks(root.path("States"), refused);
        if (!refused.isEmpty()) {
            throw new IllegalStateException(name + " has Task states the state machine role may not run: " + refused
                    + " (only " + WORKFLOW_FUNCTION_REFERENCE + ", directly or through " + new TreeSet<>(LAMBDA_INVOKE_INTEGRATIONS) + ")");
        }
    }

    private static void collectForeignTasks(JsonNode states, List<String> refused) {
        for (Map.Entry<String, JsonNode> entry : states.properties()) {
            JsonNode state = entry.getValue();
            if ("Task".equals(state.path("Type").asText())) {
                String resource = state.path("Resource").asText();
                boolean direct = resource.equals(WORKFLOW_FUNCTION_REFERENCE);
                boolean invoke = LAMBDA_INVOKE_INTEGRATIONS.contains(resource)
                        && (WORKFLOW_FUNCTION_REFERENCE.equals(state.path("Parameters").path("FunctionName").asText(null))
                        || WORKFLOW_FUNCTION_REFERENCE.equals(state.path("Arguments").path("FunctionName").asText(null)));
                if (!direct && !invoke) {
                    refused.add(entry.getKey() + " -> " + resource);
                }
            }
            state.path("Branches").forEach(branch -> collectForeignTasks(branch.path("States"), refused));
            collectForeignTasks(state.path("Iterator").path("States"), refused);
            collectForeignTasks(state.path("ItemProcessor").path("States"), refused);
        }
    }

    public Function function() {
        return function;
    }

    public StateMachine patchRun() {
        return patchRun;
    }
}
