package cloud.patchmon.api.enrollment;

import cloud.patchmon.api.http.ApiException;
import cloud.patchmon.api.http.ClientAddress;
import cloud.patchmon.api.http.PublicUrl;
import cloud.patchmon.api.security.EnrollmentEndpoint;
import cloud.patchmon.api.security.PublicEndpoint;
import cloud.patchmon.core.enrollment.AutoEnrollmentService;
import cloud.patchmon.core.enrollment.AutoEnrollmentService.AuthenticatedToken;
import cloud.patchmon.core.hosts.Host;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Enrolment with an auto-enrollment token, and the scripts that do it (chapters 29 and 30). */
@RestController
public class AutoEnrollmentController {

    /** Script type → the template served for it. */
    private static final Map<String, String> SCRIPTS = Map.of(
            "proxmox-lxc", "enrollment/proxmox_auto_enroll.sh",
            "direct-host", "enrollment/direct_host_auto_enroll.sh");
    /** What may be written into a script between double quotes: no quote, dollar, backtick or backslash. */
    private static final Pattern TOKEN_TEXT = Pattern.compile("[A-Za-z0-9_]+");

    private final AutoEnrollmentService enrolment;
    private final ClientAddress clientAddress;
    private final PublicUrl publicUrl;
    private final Map<String, String> templates;

    public AutoEnrollmentController(AutoEnrollmentService enrolment, ClientAddress clientAddress, PublicUrl publicUrl) throws IOException {
        this.enrolment = enrolment;
        this.clientAddress = clientAddress;
        this.publicUrl = publicUrl;
        Map<String, String> loaded = new java.util.HashMap<>();
        for (Map.Entry<String, String> script : SCRIPTS.entrySet()) {
            try (InputStream in = new ClassPathResource(script.getValue()).getInputStream()) {
                loaded.put(script.getKey(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        this.templates = Map.copyOf(loaded);
    }

    public record EnrollBody(String friendlyName, String machineId, Map<String, Object> metadata) {
        AutoEnrollmentService.Enrollment toEnrollment() {
            return new AutoEnrollmentService.Enrollment(friendlyName, machineId, metadata);
        }
    }

    public record BulkBody(List<EnrollBody> hosts) {
    }

    public record GroupView(String id, String name, String color) {
    }

    public record EnrolledHost(String id, String friendlyName, String apiId, String apiKey, GroupView hostGroup, String status) {
    }

    public record EnrolledResponse(String message, EnrolledHost host) {
    }

    public record BulkSuccess(String id, String friendlyName, String apiId, String apiKey) {
    }

    public record BulkResults(List<BulkSuccess> success, List<AutoEnrollmentService.Failure> failed, List<AutoEnrollmentService.Failure> skipped) {
    }

    public record BulkResponse(String message, BulkResults results) {
    }

    @PostMapping("/api/v1/auto-enrollment/enroll")
    @ResponseStatus(HttpStatus.CREATED)
    @EnrollmentEndpoint
    public EnrolledResponse enroll(AuthenticatedToken token, @RequestBody EnrollBody body) {
        AutoEnrollmentService.Enrolled enrolled = enrolment.enroll(token, body.toEnrollment());
        Host host = enrolled.credentials().host();
        GroupView group = enrolled.group() == null ? null : new GroupView(enrolled.group().id(), enrolled.group().name(), enrolled.group().color());
        return new EnrolledResponse("Host enrolled successfully",
                new EnrolledHost(host.id(), host.friendlyName(), host.apiId(), enrolled.credentials().apiKey(), group, host.status()));
    }

    @PostMapping("/api/v1/auto-enrollment/enroll/bulk")
    @ResponseStatus(HttpStatus.CREATED)
    @EnrollmentEndpoint
    public BulkResponse enrollBulk(AuthenticatedToken token, @RequestBody BulkBody body) {
        List<AutoEnrollmentService.Enrollment> requests = body.hosts() == null ? null
                : body.hosts().stream().map(h -> h == null ? null : h.toEnrollment()).toList();
        AutoEnrollmentService.BulkResult result = enrolment.enrollBulk(token, requests);
        List<BulkSuccess> success = result.success().stream().map(e -> new BulkSuccess(e.credentials().host().id(),
                e.credentials().host().friendlyName(), e.credentials().host().apiId(), e.credentials().apiKey())).toList();
        return new BulkResponse("Bulk enrollment completed: " + success.size() + " succeeded, " + result.failed().size() + " failed, "
                + result.skipped().size() + " skipped", new BulkResults(success, result.failed(), result.skipped()));
    }

    /** Public: the token key and secret in the query are the credential, checked like the enrolment headers (no IP rule). */
    @GetMapping("/api/v1/auto-enrollment/script")
    @PublicEndpoint
    public ResponseEntity<String> script(HttpServletRequest request, @RequestParam(required = false) String type,
                                         @RequestParam(name = "token_key", required = false) String tokenKey,
                                         @RequestParam(name = "token_secret", required = false) String tokenSecret,
                                         @RequestParam(required = false) String force) {
        String template = type == null ? null : templates.get(type);
        if (template == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid script type. Must be proxmox-lxc or direct-host");
        }
        AuthenticatedToken token = enrolment.verify(tokenKey, tokenSecret, clientAddress.of(request));
        String server = publicUrl.of(request);
        if (!TOKEN_TEXT.matcher(tokenKey).matches() || !TOKEN_TEXT.matcher(tokenSecret).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Cannot build a script for this request");
        }
        String script = template
                .replace("__PATCHMON_URL__", server)
                .replace("__AUTO_ENROLLMENT_KEY__", token.token().tokenKey())
                .replace("__AUTO_ENROLLMENT_SECRET__", tokenSecret)
                .replace("__FORCE_INSTALL__", "true".equalsIgnoreCase(force) ? "true" : "false");
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/plain; charset=utf-8"))
                .header("Cache-Control", "no-store").body(script);
    }
}
