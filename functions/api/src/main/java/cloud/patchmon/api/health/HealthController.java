package cloud.patchmon.api.health;

import cloud.patchmon.api.ratelimit.Unlimited;
import cloud.patchmon.api.security.PublicEndpoint;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;

/** Liveness for load balancers, uptime checks and the web app's status badge; no authentication. */
@RestController
public class HealthController {

    private final Clock clock;

    public HealthController(Clock clock) {
        this.clock = clock;
    }

    @GetMapping({"/api/v1/health", "/health"})
    @PublicEndpoint
    @Unlimited
    public Health health() {
        return new Health("ok", clock.instant());
    }

    public record Health(String status, Instant timestamp) {
    }
}
