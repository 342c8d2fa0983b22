package cloud.patchmon.api.agents;

import cloud.patchmon.api.ScriptPlaceholders;
import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.agents.AgentDownloads;
import cloud.patchmon.core.blobs.LocalBlobStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class AgentDownloadApiIntegrationTest {

    private static final Path BLOBS = temporaryDirectory();

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private String apiId;
    private String apiKey;

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
        owner = new ApiSession(mvc).signup();
        JsonNode created = json.readTree(mvc.perform(post("/api/v1/hosts").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("friendly_name", "win-01", "os_family", "windows", "groupIds", List.of()))))
                .andReturn().getResponse().getContentAsString());
        apiId = created.path("api_id").asText();
        apiKey = created.path("api_key").asText();
        LocalBlobStore blobs = new LocalBlobStore(BLOBS);
        blobs.put(AgentDownloads.key("linux", "arm64"), "ELF linux arm64".getBytes(StandardCharsets.UTF_8));
        blobs.put(AgentDownloads.key("windows", "amd64"), "MZ windows amd64".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void agentsDownloadTheBinaryOfTheirPlatform() throws Exception {
        mvc.perform(get("/api/v1/hosts/agent/download").param("os", "linux").param("arch", "arm64")
                        .header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_OCTET_STREAM))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"patchmon-agent-linux-arm64\""))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content().bytes("ELF linux arm64".getBytes(StandardCharsets.UTF_8)));
        mvc.perform(get("/api/v1/hosts/agent/download/").param("os", "windows").param("force", "binary")
                        .header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"patchmon-agent-windows-amd64.exe\""));
    }

    @Test
    void unknownPlatformsMissingBinariesAndMissingCredentialsAreRefused() throws Exception {
        mvc.perform(get("/api/v1/hosts/agent/download").param("arch", "../../secrets").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Unsupported architecture: use amd64, arm64, arm or 386"));
        mvc.perform(get("/api/v1/hosts/agent/download").param("os", "freebsd").param("arch", "amd64").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Agent binary not found for freebsd/amd64"));
        mvc.perform(get("/api/v1/hosts/agent/download").param("arch", "arm64"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("API credentials required"));
        mvc.perform(get("/api/v1/hosts/agent/download").param("arch", "arm64").header("X-API-ID", apiId).header("X-API-KEY", "0".repeat(64)))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("Invalid API credentials"));
        mvc.perform(get("/api/v1/hosts/agent/download").param("arch", "arm64").header("Authorization", owner.bearer()))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void windowsHostsGetAPowerShellInstallerWithTheWizardsOptionsAndABootstrapToken() throws Exception {
        String script = mvc.perform(get("/api/v1/hosts/install").param("os", "windows").param("skip_ssl_verify", "true").param("use_curl", "true")
                        .header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/plain;charset=utf-8"))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andReturn().getResponse().getContentAsString();
        assertThat(script).contains("$PatchmonServer = 'http://localhost'").contains("$SkipSslVerify = [bool]::Parse('true')")
                .contains("$UseCurl = [bool]::Parse('true')").contains("agent/download?os=windows").contains("New-Service -Name $ServiceName")
                .doesNotContain(apiKey).satisfies(ScriptPlaceholders::assertAllFilled);
        Matcher token = Pattern.compile("\\$BootstrapToken = '([^']+)'").matcher(script);
        assertThat(token.find()).isTrue();
        mvc.perform(post("/api/v1/hosts/bootstrap/exchange").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("token", token.group(1)))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.apiId").value(apiId));

        String defaults = mvc.perform(get("/api/v1/hosts/install").param("os", "windows").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andReturn().getResponse().getContentAsString();
        assertThat(defaults).contains("$SkipSslVerify = [bool]::Parse('false')").contains("$UseCurl = [bool]::Parse('false')");

        mvc.perform(get("/api/v1/hosts/install").param("os", "plan9").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Unsupported operating system: use linux, freebsd or windows"));
        assertThat(mvc.perform(get("/api/v1/hosts/install").param("os", "freebsd").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).startsWith("#!/bin/sh");
    }

    @Test
    void theVersionRouteOffersTheJavaAgentThePublishedReleaseInCamelCase() throws Exception {
        String sha = "b".repeat(64);
        new LocalBlobStore(BLOBS).put(cloud.patchmon.core.agents.AgentReleases.RELEASE_KEY,
                ("{\"type\":\"java\",\"version\":\"9.9.9\",\"sha256\":\"" + sha + "\"}").getBytes(StandardCharsets.UTF_8));
        mvc.perform(get("/api/v1/hosts/agent/version").param("os", "linux").param("arch", "arm64").param("type", "java")
                        .param("currentVersion", "0.1.0").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.currentVersion").value("0.1.0"))
                .andExpect(jsonPath("$.latestVersion").value("9.9.9"))
                .andExpect(jsonPath("$.hasUpdate").value(true))
                .andExpect(jsonPath("$.autoUpdateDisabled").value(false))
                .andExpect(jsonPath("$.hash").value(sha))
                .andExpect(jsonPath("$.downloadUrl").value("/api/v1/hosts/agent/download?os=linux&arch=arm64"));
        mvc.perform(get("/api/v1/hosts/agent/version").param("currentVersion", "2.1.0").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isOk()).andExpect(jsonPath("$.hasUpdate").value(false));
        mvc.perform(get("/api/v1/hosts/agent/version").param("os", "plan9").header("X-API-ID", apiId).header("X-API-KEY", apiKey))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/hosts/agent/version").param("type", "java")).andExpect(status().isUnauthorized());
    }
}
