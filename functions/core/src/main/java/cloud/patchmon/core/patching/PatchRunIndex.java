package cloud.patchmon.core.patching;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.TableDesign.Index;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The keys that let Runs &amp; History (spec ch. 11) read one page instead of every run: for each filter the list
 * accepts, a partition of small reference items in run-id (that is, creation) order, and the status counters its
 * {@code total} and the Patching dashboard read.
 *
 * <p>A run has one reference in each partition {@code PRUNX#<status group>#<type>#<host>} that it matches, where each
 * part is either the run's value or {@code *} (any): the status group is the run's status, {@code active} for queued
 * and running runs (the UI's "Active" filter), or {@code *}. That is 8 references, 12 for an active run. Each
 * reference also carries the two other orders the list can be sorted by, as GSI keys in the same partition name plus
 * {@code #started_at} (GSI1) and {@code #completed_at} (GSI2): {@code 1#<time>#<run id>} when the run has the time,
 * {@code 0#<run id>} when it does not, so a descending query lists the timed runs newest first and then the rest,
 * whatever the filter. Sorting by status needs no keys of its own: it is the status partitions one after another,
 * whose sizes the counters give.
 *
 * <p>The counters are one item for the tenant and one per host, {@code PATCHRUNSTATS / TENANT|HOST#<id>}, with one
 * attribute {@code <status>:<type>} per combination: at most 22 small numbers, one read unit.
 *
 * <p>References and counters change only when a run's status, start or completion time changes (or it is created or
 * deleted), and then in the same transaction as the run, which is conditional on the revision it replaces: a write
 * that lost a race, or is retried after it succeeded, fails whole and moves no counter. So they cannot drift from the
 * runs, and there is no recount. A progress chunk or a token write changes none of them and stays a single put.
 */
final class PatchRunIndex {

    static final String ANY = "*";
    static final String ACTIVE = "active";
    static final String STARTED_AT = "started_at";
    static final String COMPLETED_AT = "completed_at";
    static final String REF_TYPE = "patch_run_ref";
    static final String COUNTER_TYPE = "patch_run_counters";
    static final String TIMED = "1#";
    static final String UNTIMED = "0#";
    private static final String PARTITION = "PRUNX#";
    private static final String COUNTERS = "PATCHRUNSTATS";

    private PatchRunIndex() {
    }

    /** One reference: the run's id is all a listing needs before it reads the page's runs. */
    record Ref(String runId) {
    }

    /** The part of a run the references and counters depend on. */
    private record View(String status, String type, String hostId, Instant startedAt, Instant completedAt) {
        static View of(PatchRun run) {
            return run == null ? null : new View(run.status(), run.patchType(), run.hostId(), run.startedAt(), run.completedAt());
        }
    }

    /** Whether replacing {@code before} with {@code after} changes any reference or counter. */
    static boolean changes(PatchRun before, PatchRun after) {
        return !Objects.equals(View.of(before), View.of(after));
    }

    static String partition(String group, String type, String hostId) {
        return PARTITION + group + "#" + type + "#" + hostId;
    }

    static String sortedPartition(String partition, String sortBy) {
        return partition + "#" + sortBy;
    }

    static Index sortIndex(String sortBy) {
        return STARTED_AT.equals(sortBy) ? Index.GSI1 : Index.GSI2;
    }

    static boolean isActive(String status) {
        return PatchRun.QUEUED.equals(status) || PatchRun.RUNNING.equals(status);
    }

    /** {@code 1#<seconds><nanos>#<id>} sorts timed runs by their time, ties by id; {@code 0#<id>} the untimed ones. */
    static String timeKey(Instant at, String runId) {
        return at == null ? UNTIMED + runId : TIMED + String.format("%012d%09d", at.getEpochSecond(), at.getNano()) + "#" + runId;
    }

    static ItemKey tenantCounters(TenantContext ctx) {
        return ItemKey.of(ctx, COUNTERS, "TENANT");
    }

    static ItemKey hostCounters(TenantContext ctx, String hostId) {
        return ItemKey.of(ctx, COUNTERS, "HOST#" + hostId);
    }

    static String counter(String status, String type) {
        return status + ":" + type;
    }

    /** Whether counter {@code name} counts runs the filter matches ({@code null} parts match anything). */
    static boolean counts(String name, String group, String type) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String status = name.substring(0, colon);
        boolean statusMatches = group == null || ANY.equals(group) || group.equals(status) || (ACTIVE.equals(group) && isActive(status));
        return statusMatches && (type == null || ANY.equals(type) || type.equals(name.substring(colon + 1)));
    }

    private static Map<ItemKey, Item<Ref>> refs(TenantContext ctx, PatchRun run) {
        Map<ItemKey, Item<Ref>> refs = new LinkedHashMap<>();
        if (run == null) {
            return refs;
        }
        List<String> groups = new ArrayList<>(List.of(ANY, run.status()));
        if (isActive(run.status())) {
            groups.add(ACTIVE);
        }
        for (String group : groups) {
            for (String type : List.of(ANY, run.patchType())) {
                for (String host : List.of(ANY, run.hostId())) {
                    String partition = partition(group, type, host);
                    ItemKey key = ItemKey.of(ctx, partition, run.id());
                    refs.put(key, Item.of(key, REF_TYPE, new Ref(run.id()))
                            .withIndex(Index.GSI1, ItemKey.of(ctx, sortedPartition(partition, STARTED_AT), timeKey(run.startedAt(), run.id())))
                            .withIndex(Index.GSI2, ItemKey.of(ctx, sortedPartition(partition, COMPLETED_AT), timeKey(run.completedAt(), run.id()))));
                }
            }
        }
        return refs;
    }

    /** The reference writes that take the index from {@code before} to {@code after} (either may be absent). */
    static List<Write> refWrites(TenantContext ctx, PatchRun before, PatchRun after) {
        Map<ItemKey, Item<Ref>> was = refs(ctx, before);
        Map<ItemKey, Item<Ref>> is = refs(ctx, after);
        List<Write> writes = new ArrayList<>();
        was.keySet().stream().filter(k -> !is.containsKey(k)).forEach(k -> writes.add(new Write.Delete(k, false)));
        is.forEach((key, item) -> {
            if (!item.equals(was.get(key))) {
                writes.add(new Write.Put(item, false));
            }
        });
        return writes;
    }

    /** Adds what replacing {@code before} with {@code after} does to the counters into {@code deltas}. */
    static void countChange(TenantContext ctx, PatchRun before, PatchRun after, Map<ItemKey, Map<String, Long>> deltas) {
        for (PatchRun run : new PatchRun[]{before, after}) {
            if (run == null) {
                continue;
            }
            long sign = run == before ? -1 : 1;
            String name = counter(run.status(), run.patchType());
            for (ItemKey key : List.of(tenantCounters(ctx), hostCounters(ctx, run.hostId()))) {
                deltas.computeIfAbsent(key, k -> new TreeMap<>()).merge(name, sign, Long::sum);
            }
        }
    }

    /** One {@link Write.Add} per counter item that moves; zero changes are left out. */
    static List<Write> counterWrites(Map<ItemKey, Map<String, Long>> deltas) {
        List<Write> writes = new ArrayList<>();
        deltas.forEach((key, delta) -> {
            Map<String, Long> moved = new TreeMap<>();
            delta.forEach((name, value) -> {
                if (value != 0) {
                    moved.put(name, value);
                }
            });
            if (!moved.isEmpty()) {
                writes.add(new Write.Add(key, COUNTER_TYPE, moved));
            }
        });
        return writes;
    }

    /** The references and counters of one run's change, to join the run's own write in a transaction. */
    static List<Write> writes(TenantContext ctx, PatchRun before, PatchRun after) {
        Map<ItemKey, Map<String, Long>> deltas = new LinkedHashMap<>();
        countChange(ctx, before, after, deltas);
        List<Write> writes = refWrites(ctx, before, after);
        writes.addAll(counterWrites(deltas));
        return writes;
    }
}
