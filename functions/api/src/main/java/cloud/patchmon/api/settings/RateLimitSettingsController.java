package cloud.patchmon.api.settings;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.ratelimit.Limit;
import cloud.patchmon.core.ratelimit.RateLimits;
import cloud.patchmon.core.ratelimit.RequestLimits;
import cloud.patchmon.core.rbac.Permission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's request limits (Settings → Rate limits): general requests per client IP, agent
 * requests per host credential, password changes per user. The server-wide limits that apply
 * before a tenant is known are shown read-only.
 */
@RestController
public class RateLimitSettingsController {

    private final RequestLimits limits;

    public RateLimitSettingsController(RequestLimits limits) {
        this.limits = limits;
    }

    public record LimitView(int max, long windowSeconds) {
        static LimitView of(Limit limit) {
            return new LimitView(limit.max(), limit.window().toSeconds());
        }
    }

    public record ServerView(LimitView auth, LimitView anonymous) {
    }

    public record RateLimitsView(LimitView general, LimitView agent, LimitView passwordChange, ServerView server) {
    }

    public record LimitBody(Integer max, Long windowSeconds) {
    }

    public record RateLimitsBody(LimitBody general, LimitBody agent, LimitBody passwordChange) {
    }

    @GetMapping("/api/v1/settings/rate-limits")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public RateLimitsView get(AuthenticatedUser actor) {
        return view(limits.limits(actor.context()));
    }

    @PutMapping("/api/v1/settings/rate-limits")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public RateLimitsView update(AuthenticatedUser actor, @RequestBody RateLimitsBody body) {
        RateLimits current = limits.limits(actor.context());
        List<FieldViolation> problems = new ArrayList<>();
        Limit general = limit("general", body.general(), current.general(), problems);
        Limit agent = limit("agent", body.agent(), current.agent(), problems);
        Limit passwordChange = limit("password_change", body.passwordChange(), current.passwordChange(), problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        return view(limits.update(actor.context(), new RateLimits(general, agent, passwordChange)));
    }

    private static Limit limit(String param, LimitBody body, Limit current, List<FieldViolation> problems) {
        if (body == null) {
            return current;
        }
        int max = body.max() == null ? current.max() : body.max();
        long seconds = body.windowSeconds() == null ? current.window().toSeconds() : body.windowSeconds();
        boolean ok = true;
        if (max < 1 || max > Limit.MAX_REQUESTS) {
            problems.add(new FieldViolation("Must be between 1 and " + Limit.MAX_REQUESTS, param + ".max", "body"));
            ok = false;
        }
        if (seconds < 1 || seconds > Limit.MAX_WINDOW.toSeconds()) {
            problems.add(new FieldViolation("Must be between 1 and " + Limit.MAX_WINDOW.toSeconds() + " seconds", param + ".window_seconds", "body"));
            ok = false;
        }
        return ok ? Limit.of(max, Duration.ofSeconds(seconds)) : current;
    }

    private RateLimitsView view(RateLimits tenant) {
        RequestLimits.ServerLimits server = limits.server();
        return new RateLimitsView(LimitView.of(tenant.general()), LimitView.of(tenant.agent()), LimitView.of(tenant.passwordChange()),
                new ServerView(LimitView.of(server.auth()), LimitView.of(server.anonymous())));
    }
}
