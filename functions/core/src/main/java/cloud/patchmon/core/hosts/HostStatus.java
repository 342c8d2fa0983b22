package cloud.patchmon.core.hosts;

import cloud.patchmon.core.tenants.TenantSettings;

import java.time.Duration;
import java.time.Instant;

/**
 * A host's status as the Hosts list shows it. A host is stale once it has neither reported nor checked in for three
 * update intervals, the point at which chapter 17's {@code host_down} alert fires; a stale host shows as inactive
 * (chapter 4's status chips) and the Hide Stale toggle hides it.
 *
 * @param effective pending, active or inactive
 */
public record HostStatus(boolean stale, String effective) {

    public static final int STALE_AFTER_INTERVALS = 3;
    public static final String INACTIVE = "inactive";

    /** The tenant's rule at one moment: hosts last seen before {@code staleBefore} are stale. */
    public record Rule(Instant staleBefore) {

        public static Rule of(TenantSettings settings, Instant now) {
            return new Rule(now.minus(Duration.ofMinutes(settings.agentUpdateIntervalMinutes()).multipliedBy(STALE_AFTER_INTERVALS)));
        }

        public HostStatus of(Host host) {
            boolean stale = host.lastUpdate() != null && host.lastUpdate().isBefore(staleBefore);
            return new HostStatus(stale, stale ? INACTIVE : host.status());
        }
    }
}
