package cloud.patchmon.api.agents;

import cloud.patchmon.api.security.AgentEndpoint;
import cloud.patchmon.api.security.PublicEndpoint;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The install one-liner of the Add Host wizard and the bootstrap exchange its script calls. */
@RestController
public class InstallController {

    private final BootstrapTokens bootstrap;
    private final String template;

    public InstallController(BootstrapTokens bootstrap) throws IOException {
        this.bootstrap = bootstrap;
        try (InputStream in = new ClassPathResource("agent/install.sh").getInputStream()) {
            this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public record ExchangeBody(String token) {
    }

    /** camelCase, as the upstream install script reads it. */
    public record ExchangeResponse(@JsonProperty("apiId") String apiId, @JsonProperty("apiKey") String apiKey) {
    }

    @GetMapping(value = "/api/v1/hosts/install", produces = "text/x-shellscript")
    @AgentEndpoint
    public ResponseEntity<String> install(AuthenticatedHost host, HttpServletRequest request,
                                          @RequestParam(name = "skip_ssl_verify", defaultValue = "false") boolean skipSslVerify) {
        String token = bootstrap.issue(host.context(), host.host(), request.getHeader("X-API-KEY"));
        String server = ServletUriComponentsBuilder.fromContextPath(request).replacePath(null).replaceQuery(null).build().toUriString();
        String script = template
                .replace("__PATCHMON_SERVER__", server)
                .replace("__BOOTSTRAP_TOKEN__", token)
                .replace("__CURL_FLAGS__", skipSslVerify ? "-k" : "");
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/x-shellscript; charset=utf-8"))
                .header("Cache-Control", "no-store").body(script);
    }

    /** Public: the single-use, five-minute token is the credential. */
    @PostMapping("/api/v1/hosts/bootstrap/exchange")
    @PublicEndpoint
    public ExchangeResponse exchange(@RequestBody ExchangeBody body) {
        BootstrapTokens.Exchanged exchanged = bootstrap.exchange(body.token());
        return new ExchangeResponse(exchanged.apiId(), exchanged.apiKey());
    }
}
