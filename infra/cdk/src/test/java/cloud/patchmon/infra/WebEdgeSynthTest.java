package cloud.patchmon.infra;

import static cloud.patchmon.infra.SynthFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.patchmon.core.edge.EdgeHeaders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The web bucket and the CloudFront distribution in front of the REST and WebSocket APIs ({@link WebEdge}). Asserts
 * on the template {@link SynthFixture} synthesises once per JVM.
 */
class WebEdgeSynthTest {

    @Test
    void webBucketIsPrivateEncryptedRetainedAndSslOnly() {
        template.hasResource("AWS::S3::Bucket", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "PublicAccessBlockConfiguration", Map.of(
                                "BlockPublicAcls", true, "BlockPublicPolicy", true,
                                "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                                Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
        template.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
    }

    @Test
    void cloudFrontServesTheBucketThroughOacAndTheSpaShell() {
        String oacId = onlyId("AWS::CloudFront::OriginAccessControl");
        String bucketId = onlyId("AWS::S3::Bucket", Map.of(), "WebBucket");
        Map<?, ?> config = distributionConfig();
        assertThat(config.get("DefaultRootObject")).isEqualTo("index.html");
        assertThat(config.get("CustomErrorResponses"))
                .as("distribution-wide error pages would turn the API's 403/404 into index.html 200")
                .isNull();

        List<?> origins = (List<?>) config.get("Origins");
        Map<?, ?> s3Origin = origins.stream().map(o -> (Map<?, ?>) o)
                .filter(o -> o.containsKey("S3OriginConfig")).findFirst().orElseThrow();
        assertThat(s3Origin.get("OriginAccessControlId")).isEqualTo(Map.of("Fn::GetAtt", List.of(oacId, "Id")));
        assertThat(s3Origin.get("DomainName")).isEqualTo(
                Map.of("Fn::GetAtt", List.of(bucketId, "RegionalDomainName")));
        assertThat(((Map<?, ?>) s3Origin.get("S3OriginConfig")).get("OriginAccessIdentity"))
                .as("no legacy OAI").isIn("", null);

        Map<?, ?> defaultBehavior = (Map<?, ?>) config.get("DefaultCacheBehavior");
        assertThat(defaultBehavior.get("TargetOriginId")).isEqualTo(s3Origin.get("Id"));
        assertThat(defaultBehavior.get("ViewerProtocolPolicy")).isEqualTo("redirect-to-https");
        String functionId = onlyId("AWS::CloudFront::Function", Map.of(), "SpaRewrite");
        assertThat(defaultBehavior.get("FunctionAssociations")).isEqualTo(List.of(Map.of(
                "EventType", "viewer-request",
                "FunctionARN", Map.of("Fn::GetAtt", List.of(functionId, "FunctionARN")))));

        // The bucket policy lets exactly this distribution read.
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow", "Action", "s3:GetObject",
                        "Principal", Map.of("Service", "cloudfront.amazonaws.com")))))))));
    }

    @Test
    void spaRewriteSendsClientRoutesToIndexHtmlAndLeavesFilesAlone() throws Exception {
        Map<?, ?> function = properties("AWS::CloudFront::Function", onlyId("AWS::CloudFront::Function", Map.of(), "SpaRewrite"));
        assertThat(function.get("FunctionCode")).isEqualTo(WebEdge.SPA_REWRITE_JS);
        assertThat(function.get("FunctionConfig")).asString().contains("cloudfront-js-2.0");
        assertThat(spaRewrite(List.of("/", "/hosts/6f1c", "/settings/users/", "/assets/index-3b1f.js", "/favicon.ico")))
                .containsExactly("/index.html", "/index.html", "/index.html", "/assets/index-3b1f.js", "/favicon.ico");
    }

    @Test
    void apiBehaviourForwardsEverythingUncachedToTheStageOfTheRestApi() {
        Map<?, ?> config = distributionConfig();
        List<?> behaviors = (List<?>) config.get("CacheBehaviors");
        assertThat(behaviors).hasSize(3);
        Map<?, ?> api = apiBehaviour();
        assertThat(api.get("PathPattern")).isEqualTo("/api/*");
        assertThat(api.get("CachePolicyId")).as("Managed-CachingDisabled")
                .isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        assertThat(api.get("OriginRequestPolicyId")).as("Managed-AllViewerExceptHostHeader")
                .isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        assertThat(api.get("ViewerProtocolPolicy")).as("the api writes https:// for requests that came this way")
                .isEqualTo("https-only");
        assertThat(asList(api.get("AllowedMethods"))).containsExactlyInAnyOrder(
                "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE");

        Map<?, ?> origin = ((List<?>) config.get("Origins")).stream().map(o -> (Map<?, ?>) o)
                .filter(o -> o.get("Id").equals(api.get("TargetOriginId"))).findFirst().orElseThrow();
        String restApiId = onlyId("AWS::ApiGateway::RestApi");
        assertThat(json(origin.get("DomainName"))).contains(restApiId);
        assertThat(json(origin.get("OriginPath"))).as("the stage, so viewers never see it")
                .contains(onlyId("AWS::ApiGateway::Stage"));
        assertThat(((Map<?, ?>) origin.get("CustomOriginConfig")).get("OriginProtocolPolicy")).isEqualTo("https-only");
    }

    @Test
    void theApiOriginAndTheFunctionGetTheSameOriginSecretAsDynamicReferences() {
        assertThat(PatchmonData.ORIGIN_SECRET_ENV).isEqualTo("PATCHMON_ORIGIN_SECRET");
        String reference = joined(environment().get(PatchmonData.ORIGIN_SECRET_ENV));
        assertThat(reference).startsWith("{{resolve:secretsmanager:")
                .contains("{Ref=" + originSecretId + "}")
                .doesNotContain(jwtSecretId).doesNotContain(dataKeyId)
                .endsWith(":SecretString:::}}");

        List<Map<?, ?>> origins = ((List<?>) distributionConfig().get("Origins")).stream().<Map<?, ?>>map(o -> (Map<?, ?>) o).toList();
        Map<?, ?> api = origins.stream().filter(o -> o.get("Id").equals(apiBehaviour().get("TargetOriginId"))).findFirst().orElseThrow();
        List<?> headers = (List<?>) api.get("OriginCustomHeaders");
        assertThat(headers).hasSize(1);
        Map<?, ?> header = (Map<?, ?>) headers.get(0);
        assertThat(header.get("HeaderName")).isEqualTo(EdgeHeaders.ORIGIN_SECRET);
        assertThat(joined(header.get("HeaderValue"))).as("the very value the function compares with").isEqualTo(reference);

        Map<?, ?> s3 = origins.stream().filter(o -> o.containsKey("S3OriginConfig")).findFirst().orElseThrow();
        assertThat(s3.get("OriginCustomHeaders")).as("the web bucket never sees the secret").isNull();
    }

    @Test
    void theApiBehaviourRunsTheViewerHeadersFunctionOnViewerRequests() {
        Map<?, ?> api = apiBehaviour();
        String functionId = onlyId("AWS::CloudFront::Function", Map.of(), "ApiViewerHeaders");
        assertThat(api.get("FunctionAssociations")).isEqualTo(List.of(Map.of(
                "EventType", "viewer-request",
                "FunctionARN", Map.of("Fn::GetAtt", List.of(functionId, "FunctionARN")))));
        Map<?, ?> function = properties("AWS::CloudFront::Function", functionId);
        assertThat(function.get("FunctionCode")).isEqualTo(WebEdge.API_VIEWER_HEADERS_JS);
        assertThat(function.get("FunctionConfig")).asString().contains("cloudfront-js-2.0");
    }

    @Test
    void theViewerHeadersFunctionOverwritesWhatTheViewerClaimed() throws Exception {
        String host = EdgeHeaders.FORWARDED_HOST.toLowerCase(java.util.Locale.ROOT);
        String viewer = EdgeHeaders.VIEWER_ADDRESS.toLowerCase(java.util.Locale.ROOT);
        Map<String, String> headers = apiViewerHeaders("198.51.100.23", Map.of(
                "host", "d111111abcdef8.cloudfront.net", host, "evil.example", viewer, "10.0.0.1", "x-forwarded-for", "10.0.0.1"));
        assertThat(headers).containsEntry(host, "d111111abcdef8.cloudfront.net")
                .containsEntry(viewer, "198.51.100.23")
                .as("left for CloudFront to append to").containsEntry("x-forwarded-for", "10.0.0.1")
                .as("edge functions may not set it: CloudFront would answer 502").doesNotContainKey("x-forwarded-proto");

        Map<String, String> withoutHost = apiViewerHeaders("2001:db8::7", Map.of(host, "evil.example"));
        assertThat(withoutHost).as("never the viewer's own word").doesNotContainKey(host)
                .containsEntry(viewer, "2001:db8::7");
    }

    @Test
    void webBuildIsDeployedAndInvalidated() {
        template.resourceCountIs("Custom::CDKBucketDeployment", 1);
        template.hasResourceProperties("Custom::CDKBucketDeployment", Match.objectLike(Map.of(
                "DestinationBucketName", Map.of("Ref", onlyId("AWS::S3::Bucket", Map.of(), "WebBucket")),
                "DistributionId", Map.of("Ref", onlyId("AWS::CloudFront::Distribution")),
                "DistributionPaths", List.of("/*"))));
    }

    @Test
    void theAgentsPathOfTheDistributionReachesTheWebSocketStageAheadOfTheRestApi() throws Exception {
        Map<?, ?> config = distributionConfig();
        Map<?, ?> ws = (Map<?, ?>) ((List<?>) config.get("CacheBehaviors")).get(0);
        assertThat(ws.get("PathPattern")).isEqualTo(Realtime.AGENTS_WS_PATH);
        assertThat(ws.get("ViewerProtocolPolicy")).as("credentials never in the clear").isEqualTo("https-only");
        assertThat(ws.get("CachePolicyId")).as("Managed-CachingDisabled").isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        assertThat(ws.get("OriginRequestPolicyId")).as("Managed-AllViewerExceptHostHeader: X-API-ID/KEY and Sec-WebSocket-*")
                .isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        Map<?, ?> origin = ((List<?>) config.get("Origins")).stream().map(o -> (Map<?, ?>) o)
                .filter(o -> o.get("Id").equals(ws.get("TargetOriginId"))).findFirst().orElseThrow();
        assertThat(json(origin.get("DomainName"))).contains(agentsApiId());
        assertThat(origin.get("OriginCustomHeaders")).as("the origin secret is the REST API's").isNull();

        String functionId = onlyId("AWS::CloudFront::Function", Map.of(), "AgentsWsPath");
        assertThat(ws.get("FunctionAssociations")).isEqualTo(List.of(Map.of(
                "EventType", "viewer-request",
                "FunctionARN", Map.of("Fn::GetAtt", List.of(functionId, "FunctionARN")))));
        String code = (String) properties("AWS::CloudFront::Function", functionId).get("FunctionCode");
        assertThat(code).isEqualTo(WebEdge.agentsWsPathJs("prod"));
        String driver = code + "\nconsole.log(handler({request: {uri: '" + Realtime.AGENTS_WS_PATH + "', headers: {}}}).uri);\n";
        Process node = new ProcessBuilder("node", "-e", driver).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(node.waitFor()).as(out).isZero();
        assertThat(out).as("the stage path, the only path a WebSocket API answers").isEqualTo("/prod");

        Map<?, ?> ui = (Map<?, ?>) ((List<?>) config.get("CacheBehaviors")).get(1);
        assertThat(ui.get("PathPattern")).isEqualTo(Realtime.UI_WS_PATH);
        assertThat(ui.get("ViewerProtocolPolicy")).isEqualTo("https-only");
        assertThat(ui.get("CachePolicyId")).isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        assertThat(ui.get("OriginRequestPolicyId")).as("the query string carries the ticket").isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        Map<?, ?> uiOrigin = ((List<?>) config.get("Origins")).stream().map(o -> (Map<?, ?>) o)
                .filter(o -> o.get("Id").equals(ui.get("TargetOriginId"))).findFirst().orElseThrow();
        assertThat(json(uiOrigin.get("DomainName"))).contains(uiApiId());
        String uiFunction = onlyId("AWS::CloudFront::Function", Map.of(), "UiWsPath");
        assertThat(properties("AWS::CloudFront::Function", uiFunction).get("FunctionCode")).isEqualTo(WebEdge.agentsWsPathJs("prod"));
    }

    /**
     * Runs the /api/* viewer-request function under Node on a viewer-request event with these
     * viewer headers (CloudFront Functions' event shape: lower-case names, {@code {value}} objects)
     * and returns the headers it forwards.
     */
    private static Map<String, String> apiViewerHeaders(String viewerIp, Map<String, String> viewerHeaders)
            throws IOException, InterruptedException {
        String driver = WebEdge.API_VIEWER_HEADERS_JS + "\n"
                + "var headers = {};\n"
                + "for (var i = 2; i < process.argv.length; i += 2) { headers[process.argv[i]] = {value: process.argv[i + 1]}; }\n"
                + "var out = handler({version: '1.0', viewer: {ip: process.argv[1]},"
                + " request: {method: 'GET', uri: '/api/v1/hosts/install', querystring: {}, headers: headers, cookies: {}}}).headers;\n"
                + "for (var name in out) { console.log(name + '=' + out[name].value); }\n";
        List<String> command = new ArrayList<>(List.of("node", "-e", driver, "--", viewerIp));
        viewerHeaders.forEach((name, value) -> {
            command.add(name);
            command.add(value);
        });
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(node.waitFor()).as(out).isZero();
        Map<String, String> headers = new java.util.HashMap<>();
        out.lines().forEach(line -> headers.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return headers;
    }

    /** Runs the CloudFront function's code under Node (jsii needs Node anyway) for each uri. */
    private static List<String> spaRewrite(List<String> uris) throws IOException, InterruptedException {
        String driver = WebEdge.SPA_REWRITE_JS + "\n"
                + "for (const uri of process.argv.slice(1)) {\n"
                + "  console.log(handler({request: {uri: uri, headers: {}}}).uri);\n"
                + "}\n";
        List<String> command = new ArrayList<>(List.of("node", "-e", driver, "--"));
        command.addAll(uris);
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(node.waitFor()).as(out).isZero();
        return out.lines().toList();
    }
}
