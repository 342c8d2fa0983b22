package cloud.patchmon.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The two WebSocket APIs, each with its authorizer and routes functions (package {@code ws}): the agents' (commands
 * to hosts) and the browsers' (live updates), and who may post to which stage's connections. Adds its resources to
 * {@code scope} directly (see {@link PatchmonStack} for why).
 */
public final class Realtime {

    public static final String WS_AUTHORIZER_HANDLER = "cloud.patchmon.ws.AgentsAuthorizerHandler::handleRequest";
    public static final String WS_ROUTES_HANDLER = "cloud.patchmon.ws.AgentsRoutesHandler::handleRequest";
    /** The agents' WebSocket path, as AGENT-PROTOCOL.md gives it; CloudFront routes it to the agents API's stage. */
    public static final String AGENTS_WS_PATH = "/api/v1/agents/ws";
    /** The api function's environment variable naming the agents API's Management API endpoint (PostToConnection). */
    public static final String AGENTS_CALLBACK_URL_ENV = "PATCHMON_AGENTS_CALLBACK_URL";
    /** The agents routes function's own alias, which a {@code $connect}'s follow-up invokes. */
    public static final String FOLLOW_UP_ALIAS_ENV = "PATCHMON_FOLLOW_UP_ALIAS";

    public static final String UI_AUTHORIZER_HANDLER = "cloud.patchmon.ws.UiAuthorizerHandler::handleRequest";
    public static final String UI_ROUTES_HANDLER = "cloud.patchmon.ws.UiRoutesHandler::handleRequest";
    /** The browsers' WebSocket path; CloudFront routes it to the ui API's stage. */
    public static final String UI_WS_PATH = "/api/v1/ws";
    /** The variable naming the ui API's Management API endpoint, for every function that pushes to browsers. */
    public static final String UI_CALLBACK_URL_ENV = "PATCHMON_UI_CALLBACK_URL";

    /** The authorizer resolves an API ID and reads its host: two GetItems. */
    public static final List<String> WS_AUTHORIZER_TABLE_ACTIONS = List.of("dynamodb:GetItem");

    /**
     * $connect puts the connection record and ends the host's grace period (a delete, a read of its down state),
     * $disconnect deletes it (conditionally) and starts one (a put), acks are puts; both push to the host's watchers
     * (a query of the channel, a batch delete of a gone browser connection).
     */
    public static final List<String> WS_ROUTES_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");

    /** The ui authorizer takes a ticket: one conditional DeleteItem returning the old item, nothing else. */
    public static final List<String> UI_AUTHORIZER_TABLE_ACTIONS = List.of("dynamodb:DeleteItem");

    /**
     * The ui routes put the connection record, read it with the user, role and host a subscription is checked
     * against, query a connection's subscriptions and write or remove them in batches.
     */
    public static final List<String> UI_ROUTES_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
            "dynamodb:BatchWriteItem");
    private final Function agentsRoutes;
    private final WebSocketApi agentsApi;
    private final WebSocketStage agentsStage;
    private final WebSocketApi uiApi;
    private final WebSocketStage uiStage;

    /**
     * @param api  the only function that talks to agents' connections; pushes to browsers too
     * @param jobs pushes to browsers (host health)
     */
    Realtime(Construct scope, Table table, Path wsAsset, String stageName, Function api, Function jobs) {
        // --- agents WebSocket API ----------------------------------------------------------------
        Alias wsAuthorizer = wsFunction(scope, table, "WsAuthorizer", wsAsset, WS_AUTHORIZER_HANDLER, WS_AUTHORIZER_TABLE_ACTIONS,
                "PatchMon agents WebSocket API: $connect authorizer (X-API-ID/X-API-KEY)");
        Alias wsRoutes = wsFunction(scope, table, "WsRoutes", wsAsset, WS_ROUTES_HANDLER, WS_ROUTES_TABLE_ACTIONS,
                "PatchMon agents WebSocket API: $connect, $disconnect, $default");
        agentsRoutes = (Function) wsRoutes.getVersion().getLambda();
        WebSocketLambdaIntegration routes = new WebSocketLambdaIntegration("AgentsRoutes", wsRoutes);
        agentsApi = WebSocketApi.Builder.create(scope, "AgentsApi")
                .apiName("patchmon-agents")
                .description("PatchMon Cloud agents WebSocket API (" + AGENTS_WS_PATH + ")")
                // Agents send {"type": ...}; every type reaches $default, where the service refuses unknown ones.
                .routeSelectionExpression("$request.body.type")
                .connectRouteOptions(WebSocketRouteOptions.builder()
                        .integration(routes)
                        // API Gateway answers 401 itself, without invoking the authorizer, when either header is missing.
                        .authorizer(new WebSocketLambdaAuthorizer("AgentCredentials", wsAuthorizer,
                                WebSocketLambdaAuthorizerProps.builder()
                                        .identitySource(List.of("route.request.header.X-API-ID", "route.request.header.X-API-KEY"))
                                        .build()))
                        .build())
                .disconnectRouteOptions(WebSocketRouteOptions.builder().integration(routes).build())
                .defaultRouteOptions(WebSocketRouteOptions.builder().integration(routes).build())
                .build();
        agentsStage = WebSocketStage.Builder.create(scope, "AgentsStage")
                .webSocketApi(agentsApi)
                .stageName(stageName)
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(500).burstLimit(1000).build())
                .build();
        // Only the api talks to agents' connections: PostToConnection (POST) for commands and DeleteConnection (DELETE)
        // to shut out an agent whose credentials were regenerated or whose host was deleted; nothing else (no
        // GetConnection, no other API or stage).
        api.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("AgentConnections")
                .effect(Effect.ALLOW)
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(agentsApi.arnForExecuteApi("POST", "/@connections/*", agentsStage.getStageName()),
                        agentsApi.arnForExecuteApi("DELETE", "/@connections/*", agentsStage.getStageName())))
                .build());
        api.addEnvironment(AGENTS_CALLBACK_URL_ENV, agentsStage.getCallbackUrl());
        // A $connect's follow-up (AgentsRoutesHandler): this function invokes its own live alias asynchronously, and
        // that invocation posts the host's delayed jobs to the new connection (PostToConnection only). A Policy of its
        // own, not the role's default policy: the function waits for that one, and these ARNs need the API, which
        // needs the function. The callback URL is not in its environment for the same reason; the follow-up carries
        // the API id and stage of its $connect.
        Policy.Builder.create(scope, "WsRoutesFollowUpPolicy")
                .roles(List.of(agentsRoutes.getRole()))
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("ConnectFollowUp")
                                .effect(Effect.ALLOW)
                                .actions(List.of("lambda:InvokeFunction"))
                                .resources(List.of(wsRoutes.getFunctionArn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("AgentConnectionsFollowUp")
                                .effect(Effect.ALLOW)
                                .actions(List.of("execute-api:ManageConnections"))
                                .resources(List.of(agentsApi.arnForExecuteApi("POST", "/@connections/*", agentsStage.getStageName())))
                                .build()))
                .build();
        agentsRoutes.addEnvironment(FOLLOW_UP_ALIAS_ENV, PatchmonApi.LIVE_ALIAS);

        // --- ui WebSocket API (browsers' live updates) --------------------------------------------
        // WebSocket API authorizers have no result cache, so each one-time ticket is taken by exactly one $connect.
        Alias uiAuthorizer = wsFunction(scope, table, "UiAuthorizer", wsAsset, UI_AUTHORIZER_HANDLER, UI_AUTHORIZER_TABLE_ACTIONS,
                "PatchMon ui WebSocket API: $connect authorizer (one-time ticket)");
        Alias uiRoutesFunction = wsFunction(scope, table, "UiRoutes", wsAsset, UI_ROUTES_HANDLER, UI_ROUTES_TABLE_ACTIONS,
                "PatchMon ui WebSocket API: $connect, $disconnect, subscribe, unsubscribe, $default");
        WebSocketLambdaIntegration uiRoutes = new WebSocketLambdaIntegration("UiRoutes", uiRoutesFunction);
        uiApi = WebSocketApi.Builder.create(scope, "UiApi")
                .apiName("patchmon-ui")
                .description("PatchMon Cloud browsers' WebSocket API (" + UI_WS_PATH + ")")
                .routeSelectionExpression("$request.body.type")
                .connectRouteOptions(WebSocketRouteOptions.builder()
                        .integration(uiRoutes)
                        // API Gateway answers 401 itself, without invoking the authorizer, when the ticket is missing.
                        .authorizer(new WebSocketLambdaAuthorizer("UiTicket", uiAuthorizer,
                                WebSocketLambdaAuthorizerProps.builder()
                                        .identitySource(List.of("route.request.querystring.ticket"))
                                        .build()))
                        .build())
                .disconnectRouteOptions(WebSocketRouteOptions.builder().integration(uiRoutes).build())
                .defaultRouteOptions(WebSocketRouteOptions.builder().integration(uiRoutes).build())
                .build();
        uiApi.addRoute("subscribe", WebSocketRouteOptions.builder().integration(uiRoutes).build());
        uiApi.addRoute("unsubscribe", WebSocketRouteOptions.builder().integration(uiRoutes).build());
        uiStage = WebSocketStage.Builder.create(scope, "UiStage")
                .webSocketApi(uiApi)
                .stageName(stageName)
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(200).burstLimit(400).build())
                .build();
        // Whoever pushes to browsers may post to this stage's connections (PostToConnection), nothing else: the api
        // (reports), the agents' routes (connects, disconnects), the ui routes (answers) and the jobs (host health).
        PolicyStatement browserPush = PolicyStatement.Builder.create()
                .sid("BrowserConnections")
                .effect(Effect.ALLOW)
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(uiApi.arnForExecuteApi("POST", "/@connections/*", uiStage.getStageName())))
                .build();
        api.addToRolePolicy(browserPush);
        // Only the api closes browsers' connections (DeleteConnection): a deactivated or deleted user's live updates.
        api.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("BrowserDisconnects")
                .effect(Effect.ALLOW)
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(uiApi.arnForExecuteApi("DELETE", "/@connections/*", uiStage.getStageName())))
                .build());
        api.addEnvironment(UI_CALLBACK_URL_ENV, uiStage.getCallbackUrl());
        for (Alias pusher : List.of(wsRoutes, uiRoutesFunction)) {
            Function function = (Function) pusher.getVersion().getLambda();
            function.addToRolePolicy(browserPush);
            function.addEnvironment(UI_CALLBACK_URL_ENV, uiStage.getCallbackUrl());
        }
        jobs.addToRolePolicy(browserPush);
        jobs.addEnvironment(UI_CALLBACK_URL_ENV, uiStage.getCallbackUrl());
    }

    /**
     * A function of the {@code ws} package: its own role (own log group, the given item actions, nothing else), no VPC.
     * SnapStart on a published version behind a live alias, as for the api: after a deploy every agent redials within
     * two hours, and each cold authorizer would otherwise add its JVM start to a connect.
     */
    private static Alias wsFunction(Construct scope, Table table, String id, Path asset, String handler, List<String> tableActions, String description) {
        LogGroup logs = LogGroup.Builder.create(scope, id + "FunctionLogs")
                .retention(RetentionDays.ONE_MONTH)
                .build();
        Role role = Role.Builder.create(scope, id + "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description + ": own log group, " + String.join(", ", tableActions))
                .build();
        logs.grantWrite(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("TableData")
                .effect(Effect.ALLOW)
                .actions(tableActions)
                .resources(List.of(table.getTableArn()))
                .build());
        Function function = Function.Builder.create(scope, id + "Function")
                .description(description)
                .runtime(Runtime.JAVA_17)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(Code.fromAsset(asset.toString()))
                .memorySize(1024)
                // API Gateway's integration timeout is 29 s; a handler here does one or two item operations.
                .timeout(Duration.seconds(10))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logs)
                .environment(Map.of(
                        "PATCHMON_TABLE", table.getTableName(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: API Gateway invokes the live alias, which follows currentVersion");
        return Alias.Builder.create(scope, id + "LiveAlias")
                .aliasName(PatchmonApi.LIVE_ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    /** The agents API's routes function: connects and disconnects change a host's health. */
    public Function agentsRoutes() {
        return agentsRoutes;
    }

    public WebSocketApi agentsApi() {
        return agentsApi;
    }

    public WebSocketStage agentsStage() {
        return agentsStage;
    }

    public WebSocketApi uiApi() {
        return uiApi;
    }

    public WebSocketStage uiStage() {
        return uiStage;
    }
}
