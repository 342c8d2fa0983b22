package cloud.patchmon.api.http;

import cloud.patchmon.api.security.PublicEndpoint;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.UUID;

/** A controller that exists only in tests, to drive the HTTP conventions every real route shares. */
@RestController
class ConventionsProbeController {

    record Body(@NotBlank(message = "Name is required") String name,
                @Min(value = 1, message = "Count must be between 1 and 10") @Max(value = 10, message = "Count must be between 1 and 10") int count) {
    }

    @PostMapping("/api/v1/test-probe")
    @PublicEndpoint
    Map<String, Object> echo(@Valid @RequestBody Body body) {
        return Map.of("name", body.name(), "count", body.count());
    }

    @GetMapping("/api/v1/test-probe/{id}")
    @PublicEndpoint
    Map<String, Object> byId(@PathVariable UUID id, @RequestParam(defaultValue = "10") int limit) {
        return Map.of("id", id.toString(), "limit", limit);
    }

    @GetMapping("/api/v1/test-probe/refused")
    @PublicEndpoint
    Map<String, Object> refused() {
        throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Rate limit exceeded", "Maximum 100 hosts per day allowed for this token");
    }

    @GetMapping("/api/v1/test-probe/crash")
    @PublicEndpoint
    Map<String, Object> crash() {
        throw new IllegalStateException("secret internal detail: table patchmon-prod");
    }
}
