package cloud.patchmon.core.hosts;

import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How many reports the tenant's fleet sent recently (gethomepage's {@code recent_updates_24h}, upstream's count of
 * successful report rows of the last 24 hours), kept as one counter per UTC hour: a report adds 1 with one UpdateItem
 * (no read), and the count is one query of at most 24 small items, whatever the fleet size. A counter expires 24 hours
 * after its hour starts, and the store hides expired items on read, so the visible counters are exactly the window: the
 * current hour and the 23 before it.
 */
public final class ReportActivity {

    static final String PARTITION = "REPORT_ACTIVITY";
    static final int HOURS = 24;

    private final ItemStore store;

    public ReportActivity(ItemStore store) {
        this.store = store;
    }

    /** A stored hourly counter (the store's counter items carry {@code count}). */
    record Counter(long count) {
    }

    public void record(TenantContext ctx, Instant at) {
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        store.increment(ctx, key(ctx, hour), 1, hour.plus(Duration.ofHours(HOURS)));
    }

    /** Reports in the current hour and the 23 hours before it. */
    public long last24Hours(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(PARTITION).sortBeginsWith("HOUR#").limit(100), Counter.class).stream()
                .mapToLong(Counter::count).sum();
    }

    private static ItemKey key(TenantContext ctx, Instant hour) {
        return ItemKey.of(ctx, PARTITION, "HOUR#" + hour);
    }
}
