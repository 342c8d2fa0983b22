package cloud.patchmon.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack, synthesised once per test JVM (jsii start-up dominates; surefire runs every synth test in one fork),
 * and the lookups the synth tests share. Uses a stand-in Lambda zip and web build under {@code target/}, never the
 * real functions' artifacts.
 */
final class SynthFixture {

    static final String TABLE_NAME = "patchmon-synth-test";
    static final String DATA_KEY_LOGICAL_ID = "DataKey17AFBB84";

    static final Path tmp;
    static final PatchmonStack stack;
    static final Template template;
    static final String tableId;
    static final String functionId;
    static final String roleId;
    static final String jwtSecretId;
    static final String dataKeyId;
    static final String originSecretId;

    static {
        try {
            tmp = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "synth-fixture");
            Path webDist = Files.createDirectories(tmp.resolve("dist"));
            Files.writeString(webDist.resolve("index.html"), "<!doctype html><title>PatchMon</title>");
            stack = stack(new PatchmonStack.Settings(apiZip(), apiZip(), apiZip(), apiZip(), Optional.of(webDist), "prod", TABLE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        template = Template.fromStack(stack);

        tableId = onlyId("AWS::DynamoDB::Table");
        functionId = onlyId("AWS::Lambda::Function", Map.of("Properties",
                Map.of("Handler", PatchmonApi.API_HANDLER)));
        roleId = roleOf(functionId);
        jwtSecretId = onlyId("AWS::SecretsManager::Secret", Map.of("Properties", Map.of(
                "GenerateSecretString", Map.of("PasswordLength", PatchmonData.JWT_SECRET_LENGTH))), "JwtSecret");
        dataKeyId = onlyId("AWS::SecretsManager::Secret", Map.of("Properties", Map.of(
                "GenerateSecretString", Map.of("PasswordLength", PatchmonData.DATA_KEY_LENGTH))));
        originSecretId = onlyId("AWS::SecretsManager::Secret", Map.of(), "OriginSecret");
    }

    private SynthFixture() {
    }

    static PatchmonStack stack(PatchmonStack.Settings settings) {
        App app = new App();
        return new PatchmonStack(app, "PatchmonTest", StackProps.builder().build(), settings);
    }

    static Path apiZip() throws IOException {
        Path zip = tmp.resolve("api-lambda.zip");
        if (!Files.exists(zip)) {
            try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
                z.putNextEntry(new ZipEntry("lib/stand-in.jar"));
                z.write(new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                z.closeEntry();
            }
        }
        return zip;
    }

    static String onlyId(String type) {
        return onlyId(type, Map.of());
    }

    /** The one resource of {@code type} matching {@code props} whose logical id starts with {@code prefix}. */
    static String onlyId(String type, Map<String, Object> props, String prefix) {
        List<String> ids = template.findResources(type, props).keySet().stream().filter(id -> id.startsWith(prefix)).toList();
        assertThat(ids).as(type + " " + prefix).hasSize(1);
        return ids.get(0);
    }

    static String onlyId(String type, Map<String, Object> props) {
        Map<String, Map<String, Object>> found = props.isEmpty()
                ? template.findResources(type) : template.findResources(type, props);
        assertThat(found).as(type).hasSize(1);
        return found.keySet().iterator().next();
    }

    static Map<?, ?> properties(String type, String id) {
        Map<String, Object> resource = template.findResources(type).get(id);
        assertThat(resource).as(type + " " + id).isNotNull();
        return (Map<?, ?>) resource.get("Properties");
    }

    static Map<?, ?> environment() {
        Map<?, ?> environment = (Map<?, ?>) properties("AWS::Lambda::Function", functionId).get("Environment");
        return (Map<?, ?>) environment.get("Variables");
    }

    static List<String> keys(Map<?, ?> map) {
        return map.keySet().stream().map(String::valueOf).toList();
    }

    /** An {@code Fn::Join} with an empty delimiter as text, references as {@code {Ref=Id}}. */
    static String joined(Object value) {
        Map<?, ?> intrinsic = (Map<?, ?>) value;
        assertThat(keys(intrinsic)).as(json(value)).containsExactly("Fn::Join");
        List<?> join = (List<?>) intrinsic.get("Fn::Join");
        assertThat(join.get(0)).isEqualTo("");
        StringBuilder text = new StringBuilder();
        ((List<?>) join.get(1)).forEach(part -> text.append(json(part)));
        return text.toString();
    }

    /** The /api/* behaviour: after the two WebSocket paths, which must match first. */
    static Map<?, ?> apiBehaviour() {
        return (Map<?, ?>) ((List<?>) distributionConfig().get("CacheBehaviors")).get(2);
    }

    static String agentsApiId() {
        return onlyId("AWS::ApiGatewayV2::Api", Map.of(), "AgentsApi");
    }

    static String uiApiId() {
        return onlyId("AWS::ApiGatewayV2::Api", Map.of(), "UiApi");
    }

    /** The routes of one WebSocket API, by route key. */
    static Map<String, Map<?, ?>> routesOf(String apiId) {
        Map<String, Map<?, ?>> routes = new java.util.HashMap<>();
        template.findResources("AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> (Map<?, ?>) r.get("Properties"))
                .filter(p -> Map.of("Ref", apiId).equals(p.get("ApiId")))
                .forEach(p -> routes.put((String) p.get("RouteKey"), p));
        return routes;
    }

    /** The ManageConnections statements naming one WebSocket API, with the roles whose policies hold them. */
    static Map<Map<?, ?>, List<Object>> manageConnectionsOn(String apiId) {
        Map<Map<?, ?>, List<Object>> found = new java.util.LinkedHashMap<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<?, ?> props = (Map<?, ?>) policy.get("Properties");
            ((List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement")).stream().map(st -> (Map<?, ?>) st)
                    .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("execute-api:")))
                    .filter(st -> json(resources(st)).contains(apiId))
                    .forEach(st -> found.computeIfAbsent(st, k -> new ArrayList<>()).addAll((List<?>) props.get("Roles")));
        });
        return found;
    }

    static String onlyFunctionIdWithHandler(String handler) {
        return onlyId("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", handler)));
    }

    static String roleOf(String functionLogicalId) {
        Object role = properties("AWS::Lambda::Function", functionLogicalId).get("Role");
        return (String) ((List<?>) ((Map<?, ?>) role).get("Fn::GetAtt")).get(0);
    }

    static Map<?, ?> distributionConfig() {
        return (Map<?, ?>) properties("AWS::CloudFront::Distribution", onlyId("AWS::CloudFront::Distribution"))
                .get("DistributionConfig");
    }

    static List<Map<?, ?>> statementsOfPoliciesAttachedTo(String role) {
        List<Map<?, ?>> statements = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<?, ?> props = (Map<?, ?>) policy.get("Properties");
            if (((List<?>) props.get("Roles")).contains(Map.of("Ref", role))) {
                ((List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement"))
                        .forEach(s -> statements.add((Map<?, ?>) s));
            }
        });
        assertThat(statements).as("policies attached to " + role).isNotEmpty();
        return statements;
    }

    static List<String> actions(Map<?, ?> statement) {
        return asList(statement.get("Action")).stream().map(String::valueOf).toList();
    }

    static List<Object> resources(Map<?, ?> statement) {
        return asList(statement.get("Resource"));
    }

    static List<Object> asList(Object value) {
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        return value == null ? List.of() : List.of(value);
    }

    /** CloudFormation intrinsics as text ({@code {Ref=Id}}), for "refers to" checks. */
    static String json(Object value) {
        return String.valueOf(value);
    }
}
