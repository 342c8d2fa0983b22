package cloud.patchmon.infra;

import static cloud.patchmon.infra.SynthFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agents' and browsers' WebSocket APIs and who may post to their connections ({@link Realtime}). Asserts on the
 * template {@link SynthFixture} synthesises once per JVM.
 */
class RealtimeSynthTest {

    @Test
    void agentsApiSelectsRoutesByBodyTypeAndAuthorisesOnlyConnectWithBothCredentialHeaders() {
        String apiId = agentsApiId();
        Map<?, ?> api = properties("AWS::ApiGatewayV2::Api", apiId);
        assertThat(api.get("ProtocolType")).isEqualTo("WEBSOCKET");
        assertThat(api.get("RouteSelectionExpression")).isEqualTo("$request.body.type");

        Map<String, Map<?, ?>> routes = routesOf(apiId);
        assertThat(routes).containsOnlyKeys("$connect", "$disconnect", "$default");
        String authorizerId = onlyId("AWS::ApiGatewayV2::Authorizer", Map.of("Properties", Map.of("ApiId", Map.of("Ref", apiId))));
        assertThat(routes.get("$connect").get("AuthorizationType")).isEqualTo("CUSTOM");
        assertThat(routes.get("$connect").get("AuthorizerId")).isEqualTo(Map.of("Ref", authorizerId));
        assertThat(routes.get("$disconnect").get("AuthorizationType")).isIn(null, "NONE");
        assertThat(routes.get("$default").get("AuthorizationType")).isIn(null, "NONE");

        Map<?, ?> authorizer = properties("AWS::ApiGatewayV2::Authorizer", authorizerId);
        assertThat(authorizer.get("AuthorizerType")).isEqualTo("REQUEST");
        assertThat(authorizer.get("IdentitySource")).isEqualTo(List.of("route.request.header.X-API-ID", "route.request.header.X-API-KEY"));
        String authorizerFunction = onlyFunctionIdWithHandler(Realtime.WS_AUTHORIZER_HANDLER);
        String authorizerAlias = onlyId("AWS::Lambda::Alias", Map.of(), "WsAuthorizerLiveAlias");
        assertThat(json(authorizer.get("AuthorizerUri"))).contains(authorizerAlias);
        assertThat(json(properties("AWS::Lambda::Alias", authorizerAlias).get("FunctionName"))).contains(authorizerFunction);

        // Every route reaches the routes function's live alias, and it is SnapStarted.
        String routesFunction = onlyFunctionIdWithHandler(Realtime.WS_ROUTES_HANDLER);
        String routesAlias = onlyId("AWS::Lambda::Alias", Map.of(), "WsRoutesLiveAlias");
        template.findResources("AWS::ApiGatewayV2::Integration", Map.of("Properties", Map.of("ApiId", Map.of("Ref", apiId)))).values().forEach(i ->
                assertThat(json(((Map<?, ?>) i.get("Properties")).get("IntegrationUri"))).contains(routesAlias));
        assertThat(properties("AWS::Lambda::Function", routesFunction).get("SnapStart"))
                .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(properties("AWS::ApiGatewayV2::Stage", onlyId("AWS::ApiGatewayV2::Stage", Map.of(), "AgentsStage")).get("StageName")).isEqualTo("prod");
    }

    @Test
    void uiApiRoutesSubscribeAndUnsubscribeByTypeAndAuthorisesConnectWithTheTicketInTheQueryString() {
        String apiId = uiApiId();
        Map<?, ?> api = properties("AWS::ApiGatewayV2::Api", apiId);
        assertThat(api.get("ProtocolType")).isEqualTo("WEBSOCKET");
        assertThat(api.get("RouteSelectionExpression")).isEqualTo("$request.body.type");
        Map<String, Map<?, ?>> routes = routesOf(apiId);
        assertThat(routes).containsOnlyKeys("$connect", "$disconnect", "$default", "subscribe", "unsubscribe");
        String authorizerId = onlyId("AWS::ApiGatewayV2::Authorizer", Map.of("Properties", Map.of("ApiId", Map.of("Ref", apiId))));
        assertThat(routes.get("$connect").get("AuthorizationType")).isEqualTo("CUSTOM");
        assertThat(routes.get("$connect").get("AuthorizerId")).isEqualTo(Map.of("Ref", authorizerId));
        routes.forEach((key, route) -> {
            if (!key.equals("$connect")) {
                assertThat(route.get("AuthorizationType")).as(key).isIn(null, "NONE");
            }
        });
        Map<?, ?> authorizer = properties("AWS::ApiGatewayV2::Authorizer", authorizerId);
        assertThat(authorizer.get("AuthorizerType")).isEqualTo("REQUEST");
        assertThat(authorizer.get("IdentitySource")).isEqualTo(List.of("route.request.querystring.ticket"));
        assertThat(json(authorizer.get("AuthorizerUri"))).contains(onlyId("AWS::Lambda::Alias", Map.of(), "UiAuthorizerLiveAlias"));
        String routesAlias = onlyId("AWS::Lambda::Alias", Map.of(), "UiRoutesLiveAlias");
        template.findResources("AWS::ApiGatewayV2::Integration", Map.of("Properties", Map.of("ApiId", Map.of("Ref", apiId)))).values().forEach(i ->
                assertThat(json(((Map<?, ?>) i.get("Properties")).get("IntegrationUri"))).contains(routesAlias));
        assertThat(properties("AWS::ApiGatewayV2::Stage", onlyId("AWS::ApiGatewayV2::Stage", Map.of(), "UiStage")).get("StageName")).isEqualTo("prod");
    }

    @Test
    void wsRolesMayOnlyTouchTheTableItemsTheirHandlersNeedAndOnlyRoutesPostToBrowsers() {
        Map<String, List<String>> expected = Map.of(
                Realtime.WS_AUTHORIZER_HANDLER, List.of("dynamodb:GetItem"),
                Realtime.WS_ROUTES_HANDLER, List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem",
                        "dynamodb:BatchWriteItem"),
                Realtime.UI_AUTHORIZER_HANDLER, List.of("dynamodb:DeleteItem"),
                Realtime.UI_ROUTES_HANDLER, List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:BatchWriteItem"));
        java.util.Set<String> pushers = java.util.Set.of(Realtime.WS_ROUTES_HANDLER, Realtime.UI_ROUTES_HANDLER);
        expected.forEach((handler, tableActions) -> {
            String role = roleOf(onlyFunctionIdWithHandler(handler));
            assertThat(role).isNotEqualTo(roleId);
            assertThat(properties("AWS::IAM::Role", role).get("ManagedPolicyArns")).as(handler).isNull();
            List<Map<?, ?>> statements = statementsOfPoliciesAttachedTo(role);
            List<Map<?, ?>> dynamo = statements.stream().filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
            assertThat(dynamo).as(handler).hasSize(1);
            assertThat(actions(dynamo.get(0))).as(handler).containsExactlyInAnyOrderElementsOf(tableActions);
            assertThat(resources(dynamo.get(0))).as("the table, not its indexes").containsExactly(Map.of("Fn::GetAtt", List.of(tableId, "Arn")));
            List<Map<?, ?>> pushing = statements.stream().filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("execute-api:"))).toList();
            if (pushers.contains(handler)) {
                List<Map<?, ?>> toBrowsers = pushing.stream().filter(st -> json(resources(st)).contains(uiApiId())).toList();
                assertThat(toBrowsers).as(handler).singleElement().satisfies(st -> {
                    assertThat(actions(st)).containsExactly("execute-api:ManageConnections");
                    assertThat(json(resources(st))).doesNotContain(agentsApiId());
                });
                assertThat(pushing).as(handler + ": the agents' stage only for a $connect's follow-up")
                        .hasSize(handler.equals(Realtime.WS_ROUTES_HANDLER) ? 2 : 1);
            } else {
                assertThat(pushing).as(handler).isEmpty();
            }
            assertThat(statements).flatMap(SynthFixture::actions).as(handler)
                    .allMatch(a -> a.startsWith("dynamodb:") || a.startsWith("logs:") || a.equals("execute-api:ManageConnections")
                            || (a.equals("events:PutEvents") || a.equals("lambda:InvokeFunction")) && handler.equals(Realtime.WS_ROUTES_HANDLER));
            assertThat(statements).allSatisfy(st -> assertThat(resources(st)).doesNotContain("*"));
        });
    }

    @Test
    void onlyTheApiMayCloseTheAgentsStagesConnectionsAndOnlyItAndTheWorkflowsPostToThem() {
        String agentsApi = agentsApiId();
        Map<Map<?, ?>, List<Object>> manage = manageConnectionsOn(agentsApi);
        assertThat(manage).hasSize(3);
        String workflowRole = roleOf(onlyFunctionIdWithHandler(PatchmonWorkflows.WORKFLOW_HANDLER));
        String wsRoutesRole = roleOf(onlyFunctionIdWithHandler(Realtime.WS_ROUTES_HANDLER));
        Map<Object, List<String>> arnsByRole = new java.util.HashMap<>();
        manage.forEach((statement, roles) -> {
            assertThat(actions(statement)).containsExactly("execute-api:ManageConnections");
            assertThat(roles).hasSize(1);
            arnsByRole.put(roles.get(0), resources(statement).stream().map(SynthFixture::joined).toList());
        });
        assertThat(arnsByRole).containsOnlyKeys(Map.of("Ref", roleId), Map.of("Ref", workflowRole), Map.of("Ref", wsRoutesRole));
        assertThat(arnsByRole.get(Map.of("Ref", wsRoutesRole))).as("a $connect's follow-up: PostToConnection, never closing")
                .singleElement().satisfies(arn -> assertThat(arn).endsWith("/prod/POST/@connections/*"));
        arnsByRole.values().forEach(arns -> assertThat(arns)
                .allSatisfy(arn -> assertThat(arn).contains(agentsApi).doesNotContain("/*/").doesNotContain(uiApiId())));
        assertThat(arnsByRole.get(Map.of("Ref", roleId))).hasSize(2)
                .anySatisfy(arn -> assertThat(arn).endsWith("/prod/POST/@connections/*"))
                .anySatisfy(arn -> assertThat(arn).endsWith("/prod/DELETE/@connections/*"));
        assertThat(arnsByRole.get(Map.of("Ref", workflowRole))).as("run_patch only: PostToConnection, never closing")
                .singleElement().satisfies(arn -> assertThat(arn).endsWith("/prod/POST/@connections/*"));

        String callback = joined(environment().get(Realtime.AGENTS_CALLBACK_URL_ENV));
        assertThat(callback).startsWith("https://").contains(agentsApi).contains(".execute-api.").endsWith("/prod");
    }

    @Test
    void theBrowsersStageMayBePostedToByTheApiTheWsRoutesAndTheJobsOnlyAndClosedByTheApiOnly() {
        String uiApi = uiApiId();
        Map<Map<?, ?>, List<Object>> manage = manageConnectionsOn(uiApi);
        assertThat(manage).isNotEmpty();
        List<Object> roles = new ArrayList<>();
        List<Object> closers = new ArrayList<>();
        manage.forEach((st, attached) -> {
            assertThat(actions(st)).containsExactly("execute-api:ManageConnections");
            assertThat(resources(st)).hasSize(1);
            String arn = joined(resources(st).get(0));
            assertThat(arn).contains(uiApi).doesNotContain("/*/");
            if (arn.endsWith("/prod/DELETE/@connections/*")) {
                closers.addAll(attached);
            } else {
                assertThat(arn).endsWith("/prod/POST/@connections/*");
                roles.addAll(attached);
            }
        });
        assertThat(closers).as("closing a deactivated user's connections").containsExactly(Map.of("Ref", roleId));
        String jobsId = onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", ScheduledJobs.JOBS_HANDLER)));
        assertThat(roles).containsExactlyInAnyOrder(Map.of("Ref", roleId), Map.of("Ref", roleOf(onlyFunctionIdWithHandler(Realtime.WS_ROUTES_HANDLER))),
                Map.of("Ref", roleOf(onlyFunctionIdWithHandler(Realtime.UI_ROUTES_HANDLER))), Map.of("Ref", roleOf(jobsId)),
                Map.of("Ref", roleOf(onlyFunctionIdWithHandler(PatchmonWorkflows.WORKFLOW_HANDLER))));
        assertThat(joined(environment().get(Realtime.UI_CALLBACK_URL_ENV))).startsWith("https://").contains(uiApi).endsWith("/prod");
        for (String handler : List.of(Realtime.WS_ROUTES_HANDLER, Realtime.UI_ROUTES_HANDLER, PatchmonWorkflows.WORKFLOW_HANDLER)) {
            Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) properties("AWS::Lambda::Function", onlyFunctionIdWithHandler(handler)).get("Environment")).get("Variables");
            assertThat(joined(variables.get(Realtime.UI_CALLBACK_URL_ENV))).as(handler).contains(uiApi).endsWith("/prod");
        }
    }

    @Test
    void onlyTheAgentsRoutesMayInvokeTheirOwnLiveAliasAndNothingElseForAConnectsFollowUp() {
        String routesFunction = onlyFunctionIdWithHandler(Realtime.WS_ROUTES_HANDLER);
        String routesAlias = onlyId("AWS::Lambda::Alias", Map.of(), "WsRoutesLiveAlias");
        List<Object> invokers = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<?, ?> props = (Map<?, ?>) policy.get("Properties");
            ((List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement")).stream().map(st -> (Map<?, ?>) st)
                    .filter(st -> json(resources(st)).contains(routesAlias) || json(resources(st)).contains(routesFunction))
                    .forEach(st -> invokers.addAll((List<?>) props.get("Roles")));
        });
        assertThat(invokers).as("the routes function is invoked by API Gateway and by itself only").containsExactly(Map.of("Ref", roleOf(routesFunction)));
        List<Map<?, ?>> invoking = statementsOfPoliciesAttachedTo(roleOf(routesFunction)).stream()
                .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("lambda:"))).toList();
        assertThat(invoking).singleElement().satisfies(st -> {
            assertThat(actions(st)).containsExactly("lambda:InvokeFunction");
            assertThat(resources(st)).as("its live alias, not the function or its versions").containsExactly(Map.of("Ref", routesAlias));
        });
        assertThat(invokers).containsExactly(Map.of("Ref", roleOf(routesFunction)));
        Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) properties("AWS::Lambda::Function", routesFunction).get("Environment")).get("Variables");
        assertThat(variables.get(Realtime.FOLLOW_UP_ALIAS_ENV)).isEqualTo(PatchmonApi.LIVE_ALIAS);
        assertThat(properties("AWS::Lambda::Alias", routesAlias).get("Name")).isEqualTo(PatchmonApi.LIVE_ALIAS);
    }
}
