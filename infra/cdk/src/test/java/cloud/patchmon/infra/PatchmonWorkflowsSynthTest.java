package cloud.patchmon.infra;

import static cloud.patchmon.infra.SynthFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.patchmon.workflow.StateMachines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The workflow function and the PatchRun state machine ({@link PatchmonWorkflows}): what each role may do, and that
 * only the api drives executions. Asserts on the template {@link SynthFixture} synthesises once per JVM.
 */
class PatchmonWorkflowsSynthTest {

    static final List<String> API_STATES_ACTIONS = List.of("states:StartExecution", "states:StopExecution",
            "states:DescribeExecution", "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat");

    @Test
    void workflowFunctionRunsTheWorkflowHandlerWithTheTableBothCallbackUrlsAndTheBusOnly() {
        Map<?, ?> props = properties("AWS::Lambda::Function", workflowFunctionId());
        assertThat(props.get("Runtime")).isEqualTo("java17");
        assertThat(props.get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(((Number) props.get("Timeout")).intValue()).as("below the definitions' 30 s task timeouts").isLessThan(30);
        assertThat(props.get("LoggingConfig")).asString().contains("LogGroup");
        Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) props.get("Environment")).get("Variables");
        assertThat(keys(variables)).containsExactlyInAnyOrder("PATCHMON_TABLE", Realtime.AGENTS_CALLBACK_URL_ENV, Realtime.UI_CALLBACK_URL_ENV,
                "PATCHMON_EVENT_BUS_NAME", "JAVA_TOOL_OPTIONS");
        assertThat(joined(variables.get(Realtime.UI_CALLBACK_URL_ENV))).startsWith("https://").contains(uiApiId()).endsWith("/prod");
        assertThat(variables.get("PATCHMON_TABLE")).isEqualTo(Map.of("Ref", tableId));
        assertThat(joined(variables.get(Realtime.AGENTS_CALLBACK_URL_ENV))).startsWith("https://").contains(agentsApiId())
                .endsWith("/prod");
    }

    @Test
    void workflowRoleMayUseTheTableItemsPostToAgentsAndBrowsersPutEventsAndAnswerPatchRunsTokensAndNothingElse() {
        String role = roleOf(workflowFunctionId());
        assertThat(role).isNotEqualTo(roleId);
        assertThat(properties("AWS::IAM::Role", role).get("ManagedPolicyArns")).isNull();
        List<Map<?, ?>> statements = statementsOfPoliciesAttachedTo(role);
        List<Map<?, ?>> dynamo = statements.stream().filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
        assertThat(dynamo).singleElement().satisfies(st -> {
            assertThat(actions(st)).containsExactlyInAnyOrderElementsOf(PatchmonWorkflows.WORKFLOW_TABLE_ACTIONS)
                    .doesNotContain("dynamodb:Scan", "dynamodb:DescribeTable");
            assertThat(resources(st)).containsExactlyInAnyOrder(Map.of("Fn::GetAtt", List.of(tableId, "Arn")),
                    Map.of("Fn::Join", List.of("", List.of(Map.of("Fn::GetAtt", List.of(tableId, "Arn")), "/index/*"))));
        });
        assertThat(statements).flatMap(SynthFixture::actions)
                .allMatch(a -> a.startsWith("dynamodb:") || a.startsWith("logs:") || a.equals("execute-api:ManageConnections")
                        || a.equals("events:PutEvents") || a.equals("states:SendTaskSuccess"));
        // AwaitResult answering its own token: success only, on PatchRun's tokens, in a policy the function does not
        // wait for (the state machine names the function).
        List<Map<?, ?>> states = statements.stream().filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("states:"))).toList();
        assertThat(states).singleElement().satisfies(st -> {
            assertThat(actions(st)).containsExactly("states:SendTaskSuccess");
            assertThat(resources(st)).containsExactly(Map.of("Ref", patchRunId()));
        });
        assertThat(json(template.findResources("AWS::Lambda::Function").get(workflowFunctionId()).get("DependsOn")))
                .doesNotContain("WorkflowFunctionTaskTokensPolicy");
        assertThat(statements).allSatisfy(st -> assertThat(resources(st)).doesNotContain("*"));
        assertThat(statements).allSatisfy(st -> assertThat(actions(st)).noneMatch(a -> a.endsWith(":*")));
        assertThat(manageConnectionsOn(uiApiId())).as("run frames to browsers: PostToConnection only")
                .anySatisfy((statement, roles) -> {
                    assertThat(roles).contains(Map.of("Ref", role));
                    assertThat(resources(statement)).singleElement().satisfies(arn -> assertThat(joined(arn)).endsWith("/prod/POST/@connections/*"));
                });
    }

    @Test
    void patchRunIsAStandardStateMachineFromTheSharedDefinitionWithTheWorkflowFunctionSubstituted() {
        Map<?, ?> machine = properties("AWS::StepFunctions::StateMachine", patchRunId());
        assertThat(machine.get("StateMachineType")).isEqualTo("STANDARD");
        assertThat(machine.get("StateMachineName")).as("generated, so stages can share an account").isNull();
        assertThat(machine.get("DefinitionString")).isEqualTo(StateMachines.definition(StateMachines.PATCH_RUN));
        assertThat(machine.get("DefinitionSubstitutions")).isEqualTo(Map.of(
                StateMachines.WORKFLOW_FUNCTION, Map.of("Fn::GetAtt", List.of(workflowFunctionId(), "Arn"))));
    }

    @Test
    void patchRunLogsErrorsWithoutExecutionDataToItsOwnLogGroupAndIsNotTraced() {
        Map<?, ?> machine = properties("AWS::StepFunctions::StateMachine", patchRunId());
        Map<?, ?> logging = (Map<?, ?>) machine.get("LoggingConfiguration");
        assertThat(logging.get("Level")).isEqualTo("ERROR");
        assertThat(logging.get("IncludeExecutionData")).as("inputs carry task tokens").isEqualTo(false);
        List<?> destinations = (List<?>) logging.get("Destinations");
        assertThat(destinations).hasSize(1);
        String logGroup = (String) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) destinations.get(0))
                .get("CloudWatchLogsLogGroup")).get("LogGroupArn")).get("Fn::GetAtt")).get(0);
        assertThat(((Number) properties("AWS::Logs::LogGroup", logGroup).get("RetentionInDays")).intValue()).isPositive();
        assertThat(machine.get("TracingConfiguration")).isIn(null, Map.of("Enabled", false));
    }

    @Test
    void patchRunsRoleMayInvokeTheWorkflowFunctionAndNothingElse() {
        Object roleArn = properties("AWS::StepFunctions::StateMachine", patchRunId()).get("RoleArn");
        String role = (String) ((List<?>) ((Map<?, ?>) roleArn).get("Fn::GetAtt")).get(0);
        assertThat(json(properties("AWS::IAM::Role", role).get("AssumeRolePolicyDocument"))).contains("states.amazonaws.com");
        List<Map<?, ?>> statements = statementsOfPoliciesAttachedTo(role);
        List<Map<?, ?>> invoke = statements.stream().filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("lambda:"))).toList();
        assertThat(invoke).singleElement().satisfies(st -> {
            assertThat(actions(st)).containsExactly("lambda:InvokeFunction");
            assertThat(resources(st)).as("the unqualified workflow function, nothing else")
                    .containsExactly(Map.of("Fn::GetAtt", List.of(workflowFunctionId(), "Arn")));
        });
        // Log delivery to CloudWatch Logs is authorised on "*" only (those actions have no resource-level permissions).
        assertThat(statements.stream().filter(st -> !invoke.contains(st))).singleElement().satisfies(st -> {
            assertThat(actions(st)).containsExactlyInAnyOrder("logs:CreateLogDelivery", "logs:GetLogDelivery",
                    "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                    "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");
            assertThat(resources(st)).containsExactly("*");
        });
    }

    @Test
    void theApiKnowsPatchRunAndMayStartStopAndDescribeItsExecutionsAndAnswerItsTokens() {
        assertThat(PatchmonWorkflows.PATCH_RUN_STATE_MACHINE_ARN_ENV).isEqualTo("PATCHMON_PATCH_RUN_STATE_MACHINE_ARN");
        assertThat(environment().get(PatchmonWorkflows.PATCH_RUN_STATE_MACHINE_ARN_ENV)).isEqualTo(Map.of("Ref", patchRunId()));

        List<Map<?, ?>> states = statementsOfPoliciesAttachedTo(roleId).stream()
                .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("states:"))).toList();
        assertThat(states.stream().flatMap(st -> actions(st).stream())).containsExactlyInAnyOrderElementsOf(API_STATES_ACTIONS);
        for (Map<?, ?> statement : states) {
            List<String> actions = actions(statement);
            assertThat(resources(statement)).as(actions.toString()).hasSize(1).doesNotContain("*");
            if (actions.contains("states:StartExecution")) {
                assertThat(actions).containsExactly("states:StartExecution");
                assertThat(resources(statement)).containsExactly(Map.of("Ref", patchRunId()));
            } else if (actions.contains("states:StopExecution") || actions.contains("states:DescribeExecution")) {
                assertThat(actions).containsExactlyInAnyOrder("states:StopExecution", "states:DescribeExecution");
                // arn:<partition>:states:<region>:<account>:execution:<PatchRun's name>:* (the name cut from its ARN).
                assertThat(joined(resources(statement).get(0))).startsWith("arn:{Ref=AWS::Partition}:states:")
                        .endsWith(":execution:{Fn::Select=[6, {Fn::Split=[:, {Ref=" + patchRunId() + "}]}]}:*");
            } else {
                assertThat(actions).containsExactlyInAnyOrder("states:SendTaskSuccess", "states:SendTaskFailure",
                        "states:SendTaskHeartbeat");
                assertThat(resources(statement)).as("PatchRun's tokens only").containsExactly(Map.of("Ref", patchRunId()));
            }
        }
    }

    @Test
    void noOtherRoleMayTouchStepFunctions() {
        List<Object> roles = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<?, ?> props = (Map<?, ?>) policy.get("Properties");
            boolean states = ((List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement")).stream()
                    .anyMatch(st -> actions((Map<?, ?>) st).stream().anyMatch(a -> a.startsWith("states:")));
            if (states) {
                roles.addAll((List<?>) props.get("Roles"));
            }
        });
        assertThat(roles).as("only the api starts, stops, describes and answers executions; the workflow function answers its own tokens")
                .containsExactlyInAnyOrder(Map.of("Ref", roleId), Map.of("Ref", roleOf(workflowFunctionId())));
    }

    @Test
    void aDefinitionCallingAnythingButTheWorkflowFunctionFailsTheSynth() {
        PatchmonWorkflows.requireOnlyWorkflowFunctionTasks("Ok", """
                {"StartAt": "A", "States": {
                  "A": {"Type": "Task", "Resource": "${WorkflowFunctionArn}", "Next": "B"},
                  "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                        "Parameters": {"FunctionName": "${WorkflowFunctionArn}", "Payload": {"task_token.$": "$$.Task.Token"}}, "Next": "C"},
                  "C": {"Type": "Parallel", "Branches": [{"StartAt": "D", "States": {
                        "D": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                              "Parameters": {"FunctionName": "${WorkflowFunctionArn}"}, "End": true}}}], "End": true}}}
                """);
        assertThatThrownBy(() -> PatchmonWorkflows.requireOnlyWorkflowFunctionTasks("Sns", """
                {"StartAt": "A", "States": {"A": {"Type": "Map", "ItemProcessor": {"StartAt": "N", "States": {
                  "N": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}}, "End": true}}}
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("N -> arn:aws:states:::sns:publish");
        assertThatThrownBy(() -> PatchmonWorkflows.requireOnlyWorkflowFunctionTasks("Other", """
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "arn:aws:lambda:eu-west-1:111122223333:function:other"}, "End": true}}}
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("A -> arn:aws:states:::lambda:invoke");
        assertThatThrownBy(() -> PatchmonWorkflows.requireOnlyWorkflowFunctionTasks("Placeholder", """
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${NotifyFunctionArn}", "End": true}}}
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("${NotifyFunctionArn}");
    }

    private static String workflowFunctionId() {
        return onlyFunctionIdWithHandler(PatchmonWorkflows.WORKFLOW_HANDLER);
    }

    private static String patchRunId() {
        return onlyId("AWS::StepFunctions::StateMachine", Map.of(), StateMachines.PATCH_RUN);
    }
}
