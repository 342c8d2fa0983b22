package cloud.patchmon.core.dashboard;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's fleet counters, maintained from the diffs that change them so that reading them costs one get of one
 * small item, whatever the number of hosts and packages.
 *
 * <p>One item, {@code FLEET / COUNTERS}, a bag of numeric attributes that writers move with one UpdateItem ADD (no
 * read, so two hosts' reports at once both count): hosts reported / pending / with outdated packages / with security
 * updates / needing a reboot, the security updates pending across hosts, one {@code os:<name>} counter per OS, the
 * packages with at least one host needing an update ({@code packagesOutdated}) or a security update
 * ({@code packagesSecurity}). Every ADD also adds 1 to {@code changes}, which the recount's rewrite is conditional on.
 * The item stays well under 1 KB, so an ADD costs one write unit and the dashboard's (strongly consistent) read one
 * read unit.
 *
 * <p>A host's part in the counters is a function of its host item ({@link Contribution#of}). Every write of a host
 * item is conditional on the revision it replaces, so the writer knows exactly what it replaced and applies the
 * difference, after the write (a crash in between leaves the counters short, never double, and the daily recount
 * corrects them). A retried report or check-in replaces an item that already holds its result: the difference is
 * nothing. Packages count by crossing zero: the fleet package aggregate's ADD returns its new counters, so of two
 * hosts adding to one package at once exactly one sees it go from 0 to 1.
 *
 * <p>Nothing here depends on when a host was last seen: a check-in that changes only that moves no counter and writes
 * nothing here. Offline hosts, the one time-based figure, are counted by the host-health sweep
 * ({@code health.HostHealth}), which already judges every host's staleness each minute.
 */
public final class FleetCounters {

    static final String PARTITION = "FLEET";
    static final String COUNTERS = "COUNTERS";
    static final String CHANGES = "changes";
    static final String TYPE = "fleet_counters";

    public static final String REPORTED = "hostsReported";
    public static final String PENDING = "hostsPending";
    public static final String OUTDATED = "hostsOutdated";
    public static final String SECURITY = "hostsSecurity";
    public static final String REBOOT = "hostsReboot";
    public static final String SECURITY_UPDATES = "securityUpdates";
    public static final String PACKAGES_OUTDATED = "packagesOutdated";
    public static final String PACKAGES_SECURITY = "packagesSecurity";
    public static final String OS_PREFIX = "os:";

    private final ItemStore store;

    public FleetCounters(ItemStore store) {
        this.store = store;
    }

    /** A change of the counters; zero entries are left out, so an empty delta writes nothing. */
    public record Delta(Map<String, Long> counters) {

        public static final Delta NONE = new Delta(Map.of());

        public Delta {
            counters = nonZero(counters);
        }

        /** What replacing host item {@code before} with {@code after} does to the counters; either may be absent. */
        public static Delta between(Host before, Host after) {
            Contribution was = Contribution.of(before);
            Contribution is = Contribution.of(after);
            return new Delta(difference(is.counters(), was.counters()));
        }

        /** Packages that started (+1) or stopped (-1) having a host needing an update, or a security update. */
        public static Delta packages(long outdated, long security) {
            return new Delta(Map.of(PACKAGES_OUTDATED, outdated, PACKAGES_SECURITY, security));
        }

        public Delta plus(Delta other) {
            return new Delta(sum(counters, other.counters));
        }

        public boolean isEmpty() {
            return counters.isEmpty();
        }
    }

    /** One host's part in the counters. Pending hosts count as pending only; reported hosts in every other figure. */
    public record Contribution(Map<String, Long> counters) {

        public static Contribution of(Host host) {
            if (host == null) {
                return new Contribution(Map.of());
            }
            if (!Host.ACTIVE.equals(host.status())) {
                return new Contribution(Map.of(PENDING, 1L));
            }
            Map<String, Long> counters = new TreeMap<>();
            counters.put(REPORTED, 1L);
            counters.put(OUTDATED, host.counts().outdated() > 0 ? 1L : 0L);
            counters.put(SECURITY, host.counts().security() > 0 ? 1L : 0L);
            counters.put(REBOOT, host.needsReboot() ? 1L : 0L);
            counters.put(SECURITY_UPDATES, (long) host.counts().security());
            counters.put(OS_PREFIX + osName(host), 1L);
            return new Contribution(nonZero(counters));
        }
    }

    /** The chart's name for a host's OS. */
    public static String osName(Host host) {
        return host.osType() == null || host.osType().isBlank() ? "Unknown" : host.osType();
    }

    /**
     * The counters as stored.
     *
     * @param changes the item's {@code changes}, {@code null} when it does not exist yet
     */
    public record Snapshot(Map<String, Long> counters, Long changes) {

        public long get(String counter) {
            return counters.getOrDefault(counter, 0L);
        }

        /** Hosts by OS name, zero counts left out. */
        public Map<String, Long> byOs() {
            Map<String, Long> byOs = new TreeMap<>();
            counters.forEach((name, count) -> {
                if (name.startsWith(OS_PREFIX) && count != 0) {
                    byOs.put(name.substring(OS_PREFIX.length()), count);
                }
            });
            return byOs;
        }
    }

    private static ItemKey key(TenantContext ctx) {
        return ItemKey.of(ctx, PARTITION, COUNTERS);
    }

    /** One strongly consistent read of one small item, for a fleet of any size. */
    public Snapshot read(TenantContext ctx) {
        @SuppressWarnings("unchecked")
        Map<String, Object> item = store.get(ctx, key(ctx), Map.class).orElse(null);
        if (item == null) {
            return new Snapshot(Map.of(), null);
        }
        Map<String, Long> counters = new TreeMap<>();
        item.forEach((name, value) -> {
            if (value instanceof Number n && !name.equals(CHANGES)) {
                counters.put(name, n.longValue());
            }
        });
        return new Snapshot(nonZero(counters), item.get(CHANGES) instanceof Number n ? n.longValue() : 0L);
    }

    /** Applies a delta with one ADD (none for an empty delta). */
    public void apply(TenantContext ctx, Delta delta) {
        if (delta.isEmpty()) {
            return;
        }
        store.adjust(ctx, key(ctx), TYPE, withChange(delta.counters()), Map.of());
    }

    /**
     * The recount's correction: rewrites the item to {@code expected} only if no writer changed it since
     * {@code snapshot} was read (its {@code changes} is unchanged), so an increment made meanwhile is never overwritten.
     *
     * @return {@code false} when a writer came first (nothing written)
     */
    boolean replace(TenantContext ctx, Snapshot snapshot, Map<String, Long> counters) {
        Map<String, Object> item = new LinkedHashMap<>(nonZero(counters));
        item.put(CHANGES, (snapshot.changes() == null ? 0L : snapshot.changes()) + 1);
        return store.replaceIf(ctx, Item.of(key(ctx), TYPE, item), CHANGES, snapshot.changes());
    }

    private static Map<String, Long> withChange(Map<String, Long> add) {
        Map<String, Long> values = new LinkedHashMap<>(add);
        values.put(CHANGES, 1L);
        return values;
    }

    private static Map<String, Long> nonZero(Map<String, Long> values) {
        Map<String, Long> result = new TreeMap<>();
        values.forEach((name, value) -> {
            if (value != null && value != 0) {
                result.put(name, value);
            }
        });
        return java.util.Collections.unmodifiableMap(result);
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new TreeMap<>(after);
        before.forEach((name, value) -> d.merge(name, -value, Long::sum));
        return d;
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> s = new TreeMap<>(a);
        b.forEach((name, value) -> s.merge(name, value, Long::sum));
        return s;
    }
}
