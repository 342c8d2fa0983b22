package cloud.patchmon.api.agents;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.agents.AgentDownloads;
import cloud.patchmon.core.blobs.LocalBlobStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The served install script, run by {@code sh} on a stand-in Debian host against this API: the
 * API has no servlet container (Lambda is its container), so a small JDK HTTP server on a real
 * port hands each request to MockMvc. The host's PATH holds the tools the script uses plus a
 * fake {@code apt-get} and {@code dpkg} whose package database is broken: {@code apt-get install}
 * succeeds only with {@code --fix-broken} (as on a host where another package's dependencies are
 * unmet), and then provides {@code java}. The machine's own Java runtimes, which the script would
 * find, are hidden by running it in a mount namespace with empty directories over them (root).
 */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class InstallScriptShellTest {

    private static final Path BLOBS = temporaryDirectory();
    private static final List<String> TOOLS = List.of("sh", "sed", "head", "curl", "mktemp", "install", "rm", "mkdir", "cat", "mv", "chmod", "uname");
    /** Where the script looks for a runtime besides PATH. */
    private static final List<Path> RUNTIMES = List.of(Path.of("/usr/lib/jvm"), Path.of("/opt/patchmon/jre"), Path.of("/usr/local/openjdk21"),
            Path.of("/usr/local/openjdk17"));

    @Autowired
    MockMvc mvc;
    @TempDir
    Path host;
    private final ObjectMapper json = new ObjectMapper();
    private String apiId;
    private String apiKey;
    private HttpServer server;

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("patchmon-blobs-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
        registry.add("patchmon.blobs.dir", BLOBS::toString);
    }

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(RUNTIMES.stream().noneMatch(Files::exists) || canHide(),
                "the machine's Java runtimes can only be hidden by root in a mount namespace");
        server = HttpServer.create(new InetSocketAddress(0), 0);
        server.createContext("/", this::forward);
        server.start();
        ApiSession.Account owner = new ApiSession(mvc).signup();
        JsonNode created = json.readTree(mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer())
                        .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of("friendly_name", "web-01", "os_family", "linux"))))
                .andReturn().getResponse().getContentAsString());
        apiId = created.path("api_id").asText();
        apiKey = created.path("api_key").asText();
        LocalBlobStore blobs = new LocalBlobStore(BLOBS);
        for (String arch : List.of("amd64", "arm64")) {
            blobs.put(AgentDownloads.key("linux", arch), ("#!/bin/sh\necho \"" + arch + " agent $*\" >> '" + host.resolve("agent.log") + "'\n")
                    .getBytes(StandardCharsets.UTF_8));
        }

        Path bin = Files.createDirectories(host.resolve("bin"));
        for (String tool : TOOLS) {
            script(bin.resolve(tool), "exec '" + which(tool) + "' \"$@\"");
        }
        script(bin.resolve("id"), "echo 0");
        script(bin.resolve("dpkg"), "[ \"$1\" = --audit ] && echo 'The following packages are only half configured: cloudpanel'\nexit 0");
        script(bin.resolve("apt-get"), """
                echo "$*" >> '%s'
                case "$1" in update) exit 0 ;; esac
                case " $* " in
                    *" --fix-broken "*) printf '#!/bin/sh\\necho "openjdk version \\\\"17.0.9\\\\" 2023-10-17" >&2\\n' > '%s'; chmod +x '%s' ;;
                    *) echo "E: Unmet dependencies. Try 'apt --fix-broken install' with no packages (or specify a solution)." >&2; exit 100 ;;
                esac""".formatted(host.resolve("apt.log"), bin.resolve("java"), bin.resolve("java")));
        Files.createDirectories(host.resolve("usr-local-bin"));
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    /** One HTTP request, as the servlet container would hand it to the application. */
    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = URI.create("http://localhost:" + server.getAddress().getPort() + exchange.getRequestURI());
            MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(HttpMethod.valueOf(exchange.getRequestMethod()), uri)
                    .content(exchange.getRequestBody().readAllBytes());
            exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            response.getHeaderNames().forEach(name -> exchange.getResponseHeaders().put(name, List.copyOf(response.getHeaders(name))));
            byte[] body = response.getContentAsByteArray();
            exchange.sendResponseHeaders(response.getStatus(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static boolean canHide() throws IOException, InterruptedException {
        Process probe = new ProcessBuilder("unshare", "--mount", "true").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private static Path which(String tool) throws IOException {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IOException(tool + " is not installed");
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int exitCode, String output) {
    }

    /** The Deploy Agent one-liner with {@code query}, piped into sh on the stand-in host. */
    private Run install(String query) throws Exception {
        String url = "http://localhost:" + server.getAddress().getPort() + "/api/v1/hosts/install" + query;
        StringBuilder hide = new StringBuilder();
        for (Path runtime : RUNTIMES) {
            if (Files.isDirectory(runtime)) {
                hide.append(which("mount")).append(" -t tmpfs tmpfs '").append(runtime).append("' && ");
            }
        }
        String oneLiner = "curl -sS -f \"$URL\" -H \"X-API-ID: $API_ID\" -H \"X-API-KEY: $API_KEY\" | sh";
        ProcessBuilder builder = (hide.isEmpty() ? new ProcessBuilder("sh", "-c", oneLiner)
                : new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", hide + oneLiner)).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", host.resolve("bin").toString(), "URL", url, "API_ID", apiId, "API_KEY", apiKey,
                "PATCHMON_CONFIG_DIR", host.resolve("etc").toString(), "PATCHMON_BIN_DIR", host.resolve("usr-local-bin").toString()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private List<String> aptCalls() throws IOException {
        Path log = host.resolve("apt.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void withoutForceABrokenPackageDatabaseStopsTheInstallBeforeItSpendsTheToken() throws Exception {
        Run run = install("");

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("Installing a Java runtime")
                .contains("tick Force install (bypass broken packages) in Deploy Agent").doesNotContain("Exchanging the bootstrap token");
        assertThat(aptCalls()).containsExactly("update -q",
                "install -y -q --no-install-recommends openjdk-21-jre-headless",
                "install -y -q --no-install-recommends openjdk-17-jre-headless",
                "install -y -q --no-install-recommends openjdk-25-jre-headless");
        assertThat(host.resolve("etc/credentials.yml")).doesNotExist();
    }

    @Test
    void forceBypassesTheBrokenPackagesAndArchPicksTheBinary() throws Exception {
        Run run = install("?force=true&arch=arm64");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(aptCalls()).as("apt-get update is skipped on a broken database").containsExactly(
                "install -y -q --no-install-recommends --fix-broken -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold openjdk-21-jre-headless");
        assertThat(run.output()).contains("force mode").contains("skipping apt-get update").contains("Using Java runtime " + host.resolve("bin/java"))
                .contains("Downloading patchmon-agent-linux-arm64").contains("PatchMon agent installed.").doesNotContain(apiKey);
        assertThat(host.resolve("agent.log")).hasContent("arm64 agent --config-dir " + host.resolve("etc") + " ping");
        assertThat(host.resolve("etc/credentials.yml")).hasContent("api_id: \"" + apiId + "\"\napi_key: \"" + apiKey + "\"");
    }

    @Test
    void aHostWithJavaInstallsNothingAndDetectsItsArchitecture() throws Exception {
        script(host.resolve("bin/java"), "echo 'openjdk version \"21.0.2\" 2024-01-16' >&2");
        Run run = install("?force=true");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(aptCalls()).isEmpty();
        String detected = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        assertThat(run.output()).doesNotContain("Installing a Java runtime").contains("Using Java runtime " + host.resolve("bin/java"))
                .contains("Downloading patchmon-agent-linux-" + detected);
    }

    @Test
    void aJavaOlderThanSeventeenDoesNotCount() throws Exception {
        script(host.resolve("bin/java"), "echo 'java version \"1.8.0_392\"' >&2");
        Run run = install("?force=true");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Installing a Java runtime");
        assertThat(aptCalls()).hasSize(1).allSatisfy(call -> assertThat(call).contains("--fix-broken"));
    }
}
