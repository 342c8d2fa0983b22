package cloud.patchmon.infra;

import cloud.patchmon.core.edge.EdgeHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.RestApiOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The one origin browsers and agents use: the web app in S3 behind CloudFront, which also routes {@code /api/*} to
 * the REST API (telling the api the viewer's host and address) and the two WebSocket paths to their APIs; plus the
 * uploads of the web build and the agent binaries. Adds its resources to {@code scope} directly (see
 * {@link PatchmonStack} for why).
 */
public final class WebEdge {

    private final Bucket webBucket;
    private final Distribution distribution;

    WebEdge(Construct scope, PatchmonData data, RestApi restApi, Realtime realtime, String stageName,
            Optional<Path> webDist, Optional<Path> agentDist) {
        // --- web ----------------------------------------------------------------------------
        webBucket = Bucket.Builder.create(scope, "WebBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                // SSE-S3: CloudFront's OAC reads it without a KMS key policy.
                .encryption(BucketEncryption.S3_MANAGED)
                .autoDeleteObjects(false)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // SPA fallback scoped to the default behaviour: distribution-wide custom error responses
        // would also rewrite the API's 403/404 answers into index.html with 200.
        software.amazon.awscdk.services.cloudfront.Function spaRewrite =
                software.amazon.awscdk.services.cloudfront.Function.Builder.create(scope, "SpaRewrite")
                        .comment("Serve index.html for client-side routes (paths without a file extension)")
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(SPA_REWRITE_JS))
                        .build();

        // Tells the api the viewer's host and address (see EdgeHeaders). Neither is otherwise
        // knowable there: CloudFront sends API Gateway its own Host, and API Gateway's source IP is
        // the edge server. The function overwrites both headers, so a viewer cannot pre-set them.
        software.amazon.awscdk.services.cloudfront.Function apiViewerHeaders =
                software.amazon.awscdk.services.cloudfront.Function.Builder.create(scope, "ApiViewerHeaders")
                        .comment("Copy the viewer's Host and IP address into headers the api trusts behind the origin secret")
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(API_VIEWER_HEADERS_JS))
                        .build();

        distribution = Distribution.Builder.create(scope, "WebDistribution")
                .comment("PatchMon Cloud: web app and /api")
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(webBucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(ResponseHeadersPolicy.SECURITY_HEADERS)
                        .compress(true)
                        .functionAssociations(List.of(FunctionAssociation.builder()
                                .eventType(FunctionEventType.VIEWER_REQUEST)
                                .function(spaRewrite)
                                .build()))
                        .build())
                .additionalBehaviors(behaviours(webSocketBehaviour(scope, "AgentsWsPath", Realtime.AGENTS_WS_PATH, realtime.agentsApi(), stageName),
                        webSocketBehaviour(scope, "UiWsPath", Realtime.UI_WS_PATH, realtime.uiApi(), stageName), BehaviorOptions.builder()
                        // The origin path is the stage, so /api/v1/x reaches API Gateway as /{stage}/api/v1/x.
                        .origin(RestApiOrigin.Builder.create(restApi)
                                .customHeaders(Map.of(EdgeHeaders.ORIGIN_SECRET, data.originSecret().getSecretValue().unsafeUnwrap()))
                                .build())
                        // HTTPS only, never a redirect: agents must not send credentials in the clear,
                        // and the api writes https:// into scripts for requests that came this way.
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        // All viewer headers (Authorization, X-API-ID/KEY, and those the function
                        // sets), cookies and query strings; not Host, which API Gateway needs to be its
                        // own. A custom policy would have to rebuild exactly this: Authorization cannot
                        // be listed by name, and the allViewer behaviours forward Host (API Gateway
                        // then answers 403).
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .functionAssociations(List.of(FunctionAssociation.builder()
                                .eventType(FunctionEventType.VIEWER_REQUEST)
                                .function(apiViewerHeaders)
                                .build()))
                        .compress(true)
                        .build()))
                .build();

        webDist.filter(Files::isDirectory).ifPresent(dist ->
                BucketDeployment.Builder.create(scope, "WebDeployment")
                        .sources(List.of(Source.asset(dist.toString())))
                        .destinationBucket(webBucket)
                        .distribution(distribution)
                        .distributionPaths(List.of("/*"))
                        // Keep the previous build's content-hashed assets: open browsers still
                        // lazy-load chunks named by the index.html they loaded.
                        .prune(false)
                        .memoryLimit(512)
                        .build());

        // The agent binaries (agent/target/dist/agent/*) under agent/, where GET /hosts/agent/download presigns them.
        // No pruning: binaries published by other means (a Windows build) stay.
        agentDist.filter(Files::isDirectory).ifPresent(dist ->
                BucketDeployment.Builder.create(scope, "AgentDeployment")
                        .sources(List.of(Source.asset(dist.toString())))
                        .destinationBucket(data.artifactsBucket())
                        .destinationKeyPrefix("agent/")
                        .prune(false)
                        .memoryLimit(512)
                        .build());
    }

    /**
     * {@code /api/v1/agents/ws} on the distribution, so agents dial {@code wss://<web host>/api/v1/agents/ws} exactly as
     * AGENT-PROTOCOL.md says, and {@code /api/v1/ws} for browsers (same origin as the app). CloudFront passes WebSocket
     * upgrades to any origin. A WebSocket API answers only on its stage path, so the viewer-request function rewrites
     * the path to {@code /<stage>} (an origin path alone would append the viewer's path to it); the query string (the
     * browsers' ticket) stays. All viewer headers but Host go on (the agents' two credential headers and the
     * Sec-WebSocket-* handshake); nothing is cached. The stages' own URLs (outputs) work too.
     */
    private static BehaviorOptions webSocketBehaviour(Construct scope, String id, String path, WebSocketApi api, String stageName) {
        software.amazon.awscdk.services.cloudfront.Function toStage =
                software.amazon.awscdk.services.cloudfront.Function.Builder.create(scope, id)
                        .comment("Route " + path + " to the " + api.getNode().getId() + " WebSocket API's stage")
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(agentsWsPathJs(stageName)))
                        .build();
        String apiHost = Fn.select(2, Fn.split("/", api.getApiEndpoint()));
        return BehaviorOptions.builder()
                .origin(HttpOrigin.Builder.create(apiHost)
                        .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                        .build())
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                .functionAssociations(List.of(FunctionAssociation.builder()
                        .eventType(FunctionEventType.VIEWER_REQUEST)
                        .function(toStage)
                        .build()))
                .build();
    }

    static String agentsWsPathJs(String stageName) {
        return String.join("\n",
                "function handler(event) {",
                "  var request = event.request;",
                "  request.uri = '/" + stageName + "';",
                "  return request;",
                "}");
    }

    /** CloudFront matches behaviours in order: the WebSocket paths must come before {@code /api/*}. */
    private static Map<String, BehaviorOptions> behaviours(BehaviorOptions agentsWebSocket, BehaviorOptions uiWebSocket, BehaviorOptions api) {
        Map<String, BehaviorOptions> ordered = new LinkedHashMap<>();
        ordered.put(Realtime.AGENTS_WS_PATH, agentsWebSocket);
        ordered.put(Realtime.UI_WS_PATH, uiWebSocket);
        ordered.put("/api/*", api);
        return ordered;
    }

    static final String SPA_REWRITE_JS = String.join("\n",
            "function handler(event) {",
            "  var request = event.request;",
            "  var uri = request.uri;",
            "  var last = uri.substring(uri.lastIndexOf('/') + 1);",
            "  if (last.indexOf('.') === -1) {",
            "    request.uri = '/index.html';",
            "  }",
            "  return request;",
            "}");

    /**
     * The viewer-request function of {@code /api/*}. {@code event.viewer.ip} is the address of the
     * TCP connection CloudFront accepted, never a header. It may not set {@code X-Forwarded-Proto}
     * (a disallowed header for edge functions: CloudFront would answer 502), nor does it need to:
     * the behaviour is HTTPS only. A request without Host has its forwarded host removed rather
     * than left as the viewer wrote it.
     */
    static final String API_VIEWER_HEADERS_JS = String.join("\n",
            "function handler(event) {",
            "  var request = event.request;",
            "  var headers = request.headers;",
            "  if (headers.host) {",
            "    headers['" + EdgeHeaders.FORWARDED_HOST.toLowerCase(Locale.ROOT) + "'] = {value: headers.host.value};",
            "  } else {",
            "    delete headers['" + EdgeHeaders.FORWARDED_HOST.toLowerCase(Locale.ROOT) + "'];",
            "  }",
            "  headers['" + EdgeHeaders.VIEWER_ADDRESS.toLowerCase(Locale.ROOT) + "'] = {value: event.viewer.ip};",
            "  return request;",
            "}");

    public Bucket webBucket() {
        return webBucket;
    }

    public Distribution distribution() {
        return distribution;
    }
}
