package cloud.patchmon.infra;

import cloud.patchmon.jobs.Jobs;
import cloud.patchmon.jobs.ScheduledJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.constructs.Construct;

/**
 * The {@code jobs} function and one EventBridge Scheduler schedule per job of {@link Jobs#schedules()}, invoking it
 * with {@code {"job": name}}. Rare, short runs: no SnapStart (a published version per deploy buys nothing for one
 * invocation a day). Adds its resources to {@code scope} directly (see {@link PatchmonStack} for why).
 */
public final class ScheduledJobs {

    public static final String JOBS_HANDLER = "cloud.patchmon.jobs.ScheduledJobsHandler::handleRequest";

    /**
     * The jobs function reads source items and rewrites drifted aggregates: in batches, or one
     * conditional put where an operator's concurrent edit must win (repository records).
     */
    public static final List<String> JOBS_TABLE_ACTIONS = List.of(
            "dynamodb:GetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            // The host-health sweep clears a host_down with a delete that says whether it deleted.
            "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem");

    private final Function function;

    ScheduledJobs(Construct scope, Table table, Path asset) {
        LogGroup logs = LogGroup.Builder.create(scope, "JobsFunctionLogs")
                .retention(RetentionDays.ONE_MONTH)
                .build();
        Role role = Role.Builder.create(scope, "JobsFunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("PatchMon jobs function: own log group, reading source items and rewriting aggregates")
                .build();
        logs.grantWrite(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("TableData")
                .effect(Effect.ALLOW)
                .actions(JOBS_TABLE_ACTIONS)
                .resources(List.of(table.getTableArn()))
                .build());
        Function function = Function.Builder.create(scope, "JobsFunction")
                .description("PatchMon scheduled jobs (drift correction)")
                .runtime(Runtime.JAVA_17)
                .architecture(Architecture.ARM_64)
                .handler(JOBS_HANDLER)
                .code(Code.fromAsset(asset.toString()))
                .memorySize(1024)
                // A recount reads every host's package items of every tenant; Lambda's maximum.
                .timeout(Duration.minutes(15))
                .role(role)
                .logGroup(logs)
                .environment(Map.of(
                        "PATCHMON_TABLE", table.getTableName(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();
        for (ScheduledJob job : Jobs.schedules()) {
            software.amazon.awscdk.services.scheduler.Schedule.Builder.create(scope, "Schedule-" + job.name())
                    .description(job.description())
                    .schedule(ScheduleExpression.expression(job.schedule()))
                    .target(LambdaInvoke.Builder.create(function)
                            .input(ScheduleTargetInput.fromObject(Map.of("job", job.name())))
                            .retryAttempts(2)
                            .build())
                    .build();
        }
        this.function = function;
    }

    public Function function() {
        return function;
    }
}
