package cloud.patchmon.core.patching;

import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run lifecycle's notification events (spec ch. 11, "Notifications for Runs"). Data carries what the message
 * shows: host name, patch type, packages, policy name and, for failures, the error. A failed publish is logged and
 * never undoes the change that caused it.
 */
public final class PatchRunEvents {

    public static final String STARTED = "patch_run_started";
    public static final String APPROVED = "patch_run_approved";
    public static final String COMPLETED = "patch_run_completed";
    public static final String FAILED = "patch_run_failed";
    public static final String CANCELLED = "patch_run_cancelled";
    private static final Logger LOG = LoggerFactory.getLogger(PatchRunEvents.class);

    private final Events events;
    private final Clock clock;

    public PatchRunEvents(Events events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public void publish(TenantContext ctx, String type, PatchRun run) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run_id", run.id());
        data.put("host_id", run.hostId());
        if (run.hostName() != null) {
            data.put("host_name", run.hostName());
        }
        data.put("patch_type", run.patchType());
        data.put("package_names", run.packageNames());
        data.put("policy_name", run.policy().name());
        if (run.errorMessage() != null && !run.errorMessage().isBlank()) {
            data.put("error_message", run.errorMessage());
        }
        try {
            events.publish(new DomainEvent(type, ctx.tenantId(), clock.instant(), data));
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: {} event for run {} not published", ctx.tenantId(), type, run.id(), e);
        }
    }
}
