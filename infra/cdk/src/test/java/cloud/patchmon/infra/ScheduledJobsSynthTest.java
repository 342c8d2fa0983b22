package cloud.patchmon.infra;

import static cloud.patchmon.infra.SynthFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The jobs function and its schedules ({@link ScheduledJobs}). Asserts on the template {@link SynthFixture}
 * synthesises once per JVM.
 */
class ScheduledJobsSynthTest {

    @Test
    void jobsFunctionRunsTheJobsHandlerWithTheTableAndLambdasLongestTimeout() {
        String jobsId = onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", ScheduledJobs.JOBS_HANDLER)));
        Map<?, ?> props = properties("AWS::Lambda::Function", jobsId);
        assertThat(props.get("Runtime")).isEqualTo("java17");
        assertThat(((Number) props.get("Timeout")).intValue()).isEqualTo(900);
        assertThat(json(props.get("Environment"))).contains("PATCHMON_TABLE").contains(tableId)
                .doesNotContain("PATCHMON_JWT_SECRET").doesNotContain("PATCHMON_DATA_KEY").doesNotContain("PATCHMON_ORIGIN_SECRET");
    }

    @Test
    void jobsRoleMayOnlyReadAndWriteItemsOnTheTableAndPushToBrowsers() {
        String jobsId = onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", ScheduledJobs.JOBS_HANDLER)));
        Object role = properties("AWS::Lambda::Function", jobsId).get("Role");
        String jobsRole = (String) ((List<?>) ((Map<?, ?>) role).get("Fn::GetAtt")).get(0);
        assertThat(jobsRole).isNotEqualTo(roleId);
        List<Map<?, ?>> statements = statementsOfPoliciesAttachedTo(jobsRole);
        List<Map<?, ?>> dynamo = statements.stream().filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
        assertThat(dynamo).singleElement().satisfies(statement -> {
            assertThat(actions(statement)).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem");
            assertThat(resources(statement)).containsExactly(Map.of("Fn::GetAtt", List.of(tableId, "Arn")));
        });
        assertThat(statements).allSatisfy(s -> assertThat(resources(s)).doesNotContain("*"));
        assertThat(statements.stream().flatMap(s -> actions(s).stream()))
                .allMatch(a -> ScheduledJobs.JOBS_TABLE_ACTIONS.contains(a) || a.startsWith("logs:") || a.equals("execute-api:ManageConnections")
                        || a.equals("events:PutEvents"));
        Map<?, ?> jobsEnvironment = (Map<?, ?>) ((Map<?, ?>) properties("AWS::Lambda::Function", jobsId).get("Environment")).get("Variables");
        assertThat(joined(jobsEnvironment.get(Realtime.UI_CALLBACK_URL_ENV))).contains(uiApiId()).endsWith("/prod");
    }

    @Test
    void everyCataloguedJobHasAScheduleInvokingTheJobsFunctionWithItsName() {
        String jobsId = onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", ScheduledJobs.JOBS_HANDLER)));
        Map<String, Map<String, Object>> schedules = template.findResources("AWS::Scheduler::Schedule");
        assertThat(schedules).hasSize(cloud.patchmon.jobs.Jobs.schedules().size());
        for (cloud.patchmon.jobs.ScheduledJob job : cloud.patchmon.jobs.Jobs.schedules()) {
            template.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                    "ScheduleExpression", job.schedule(),
                    "Target", Match.objectLike(Map.of(
                            "Arn", Map.of("Fn::GetAtt", List.of(jobsId, "Arn")),
                            "Input", "{\"job\":\"" + job.name() + "\"}",
                            "RetryPolicy", Match.objectLike(Map.of("MaximumRetryAttempts", 2)))))));
        }
        // The scheduler's role may invoke the jobs function and nothing else.
        for (Map<String, Object> schedule : schedules.values()) {
            Object roleArn = ((Map<?, ?>) ((Map<?, ?>) schedule.get("Properties")).get("Target")).get("RoleArn");
            String schedulerRole = (String) ((List<?>) ((Map<?, ?>) roleArn).get("Fn::GetAtt")).get(0);
            List<Map<?, ?>> statements = statementsOfPoliciesAttachedTo(schedulerRole);
            assertThat(statements).isNotEmpty().allSatisfy(st -> {
                assertThat(actions(st)).containsExactly("lambda:InvokeFunction");
                assertThat(json(resources(st))).contains(jobsId).doesNotContain(functionId);
            });
        }
    }
}
