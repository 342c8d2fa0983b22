package cloud.patchmon.api.agents;

import cloud.patchmon.api.http.PublicUrl;
import cloud.patchmon.api.security.AgentEndpoint;
import cloud.patchmon.api.security.PublicEndpoint;
import cloud.patchmon.core.agents.AgentDownloads;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.AgentAuthenticator.AuthenticatedHost;
import cloud.patchmon.core.hosts.BootstrapTokens;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The install one-liner of the Add Host wizard and the bootstrap exchange its script calls. */
@RestController
public class InstallController {

    private final BootstrapTokens bootstrap;
    private final PublicUrl publicUrl;
    private final String posixTemplate;
    private final String windowsTemplate;

    public InstallController(BootstrapTokens bootstrap, PublicUrl publicUrl) throws IOException {
        this.bootstrap = bootstrap;
        this.publicUrl = publicUrl;
        this.posixTemplate = resource("agent/install.sh");
        this.windowsTemplate = resource("agent/install.ps1");
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public record ExchangeBody(String token) {
    }

    /** camelCase, as the upstream install script reads it. */
    public record ExchangeResponse(@JsonProperty("apiId") String apiId, @JsonProperty("apiKey") String apiKey) {
    }

    /**
     * The installer for the host's platform: a POSIX shell script (Linux, FreeBSD) or, with
     * {@code os=windows}, a PowerShell script. {@code skip_ssl_verify} and {@code use_curl} are the
     * Add Host wizard's TLS and Windows download options; {@code force} (chapter 30) makes the
     * shell script install its prerequisites past broken packages, {@code arch} replaces the
     * architecture the script would detect.
     */
    @GetMapping(value = "/api/v1/hosts/install", produces = {"text/x-shellscript", "text/plain"})
    @AgentEndpoint
    public ResponseEntity<String> install(AuthenticatedHost host, HttpServletRequest request,
                                          @RequestParam(required = false) String os,
                                          @RequestParam(name = "skip_ssl_verify", defaultValue = "false") boolean skipSslVerify,
                                          @RequestParam(name = "use_curl", defaultValue = "false") boolean useCurl,
                                          @RequestParam(defaultValue = "false") boolean force,
                                          @RequestParam(required = false) String arch) {
        boolean windows = "windows".equalsIgnoreCase(os);
        if (os != null && !windows && !"linux".equalsIgnoreCase(os) && !"freebsd".equalsIgnoreCase(os)) {
            throw DomainException.badRequest("Unsupported operating system: use linux, freebsd or windows");
        }
        String architecture = arch == null ? "" : arch.trim().toLowerCase(Locale.ROOT);
        if (!architecture.isEmpty() && !AgentDownloads.ARCHITECTURES.contains(architecture)) {
            throw DomainException.badRequest("Unsupported architecture: use amd64, arm64, arm or 386");
        }
        String token = bootstrap.issue(host.context(), host.host(), request.getHeader("X-API-KEY"));
        String server = publicUrl.of(request);
        String script = windows
                ? windowsTemplate.replace("__SKIP_SSL_VERIFY__", Boolean.toString(skipSslVerify)).replace("__USE_CURL__", Boolean.toString(useCurl))
                : posixTemplate.replace("__CURL_FLAGS__", skipSslVerify ? "-k" : "").replace("__FORCE_INSTALL__", Boolean.toString(force));
        script = script.replace("__ARCH__", architecture).replace("__PATCHMON_SERVER__", server).replace("__BOOTSTRAP_TOKEN__", token);
        String type = windows ? "text/plain; charset=utf-8" : "text/x-shellscript; charset=utf-8";
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(type)).header("Cache-Control", "no-store").body(script);
    }

    /** Public: the single-use, five-minute token is the credential. */
    @PostMapping("/api/v1/hosts/bootstrap/exchange")
    @PublicEndpoint
    public ExchangeResponse exchange(@RequestBody ExchangeBody body) {
        BootstrapTokens.Exchanged exchanged = bootstrap.exchange(body.token());
        return new ExchangeResponse(exchanged.apiId(), exchanged.apiKey());
    }
}
