package cloud.patchmon.jobs;

import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.maintenance.FleetRecount;
import cloud.patchmon.core.storage.ItemStore;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every scheduled job: its schedule and what it runs. The CDK app and the local scheduler read {@link #schedules()}. */
public final class Jobs {

    public static final ScheduledJob FLEET_RECOUNT = new ScheduledJob("fleet-recount", "rate(1 day)",
            "Recomputes every tenant's package and repository aggregates and dashboard counters from the host items and corrects drift");

    /** Every minute: EventBridge's finest rate, and well inside the disconnect grace period it measures. */
    public static final ScheduledJob HOST_HEALTH = new ScheduledJob("host-health", "rate(1 minute)",
            "Raises host_down for hosts that missed three update intervals or stayed disconnected past the grace period, and host_recovered when they are back");

    private final Map<String, Supplier<Map<String, Object>>> runners = new LinkedHashMap<>();

    public Jobs(ItemStore store, Clock clock, HostHealth health) {
        this(new FleetRecount(store, clock), health);
    }

    public Jobs(FleetRecount recount, HostHealth health) {
        runners.put(FLEET_RECOUNT.name(), () -> {
            FleetRecount.Result result = recount.run();
            return Map.of("tenants", result.tenants(), "corrected", result.corrected(),
                    "failed", result.failed().stream().map(t -> t.value()).toList());
        });
        runners.put(HOST_HEALTH.name(), () -> {
            HostHealth.Sweep sweep = health.sweep();
            return Map.of("tenants", sweep.tenants(), "raised", sweep.raised(), "cleared", sweep.cleared(),
                    "failed", sweep.failed().stream().map(t -> t.value()).toList());
        });
    }

    public static List<ScheduledJob> schedules() {
        return List.of(FLEET_RECOUNT, HOST_HEALTH);
    }

    /**
     * Runs one job.
     *
     * @return the job's outcome, returned to the scheduler (and logged by Lambda)
     * @throws IllegalArgumentException for a name no job has
     */
    public Map<String, Object> run(String name) {
        Supplier<Map<String, Object>> runner = runners.get(name);
        if (runner == null) {
            throw new IllegalArgumentException("no scheduled job named '" + name + "'");
        }
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("job", name);
        outcome.putAll(runner.get());
        return outcome;
    }
}
