package cloud.patchmon.core.patching;

import cloud.patchmon.core.storage.ConditionFailedException;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.Page;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Patch runs in the tenant's {@code PATCHRUNS} partition, sorted by their time-ordered id (so a descending query is
 * newest first), and each run's output in its own {@code PATCHRUN#<id>} partition as pieces addressed by generation
 * and character offset. A progress chunk is one new piece (the run item only records the new length); a terminal
 * stage's whole output is written as a new generation of pieces of at most {@link #PIECE_CHARS} characters each (so no
 * item nears DynamoDB's 400 KB limit), the run flips to it, and the old generation is deleted. A host with a completed
 * run awaiting its post-patch report carries a marker in its own partition, which the report path reads.
 *
 * <p>Every write that changes a run's status, start or completion time (or creates or deletes it) carries the run's
 * listing references and status counters in the same transaction ({@link PatchRunIndex}), so Runs &amp; History and
 * the dashboard read a page and two small items instead of every run.
 */
public final class PatchRunRepository {

    /** At most 3 bytes of UTF-8 per UTF-16 unit: 300 KB, under the 400 KB item limit with the keys. */
    static final int PIECE_CHARS = 100_000;
    static final String RUNS = "PATCHRUNS";
    private static final String RUN_PREFIX = "RUN#";
    private static final String OUTPUT_PREFIX = "OUT#";
    private static final String AWAITING_PREFIX = "PATCHAWAIT#";
    private static final String REVISION = "revision";
    private static final int WRITE_ATTEMPTS = 8;

    private final ItemStore store;

    public PatchRunRepository(ItemStore store) {
        this.store = store;
    }

    /** One stored piece of a run's output. */
    public record OutputPiece(String runId, int generation, int offset, String text) {
    }

    /** A completed run the host's next report settles. */
    public record AwaitingReport(String runId, Instant completedAt) {
    }

    private static ItemKey key(TenantContext ctx, String runId) {
        return ItemKey.of(ctx, RUNS, RUN_PREFIX + runId);
    }

    private static String outputPartition(String runId) {
        return "PATCHRUN#" + runId;
    }

    private static ItemKey pieceKey(TenantContext ctx, String runId, int generation, int offset) {
        return ItemKey.of(ctx, outputPartition(runId), generationPrefix(generation) + String.format("%010d", offset));
    }

    private static String generationPrefix(int generation) {
        return OUTPUT_PREFIX + String.format("%06d", generation) + "#";
    }

    private static ItemKey awaitingKey(TenantContext ctx, String hostId, String runId) {
        return ItemKey.of(ctx, "HOST#" + hostId, AWAITING_PREFIX + runId);
    }

    /** Stores a new run with its listing references and counts (one transaction). @return {@code false} when the id is taken */
    public boolean create(TenantContext ctx, PatchRun run) {
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.Put(item(ctx, run), true));
        writes.addAll(PatchRunIndex.writes(ctx, null, run));
        try {
            store.transact(ctx, writes);
            return true;
        } catch (ConditionFailedException e) {
            return false;
        }
    }

    private static Item<PatchRun> item(TenantContext ctx, PatchRun run) {
        return Item.of(key(ctx, run.id()), "patch_run", run);
    }

    public Optional<PatchRun> find(TenantContext ctx, String runId) {
        if (runId == null || runId.isBlank()) {
            return Optional.empty();
        }
        return store.get(ctx, key(ctx, runId), PatchRun.class);
    }

    /**
     * Writes {@code updated} (its revision one past {@code stored}'s) only while the stored run is still {@code stored}.
     *
     * @return the run as written, empty when someone else wrote it first (or it was deleted)
     */
    public Optional<PatchRun> replace(TenantContext ctx, PatchRun stored, PatchRun updated) {
        PatchRun next = updated.toBuilder().withRevision(stored.revision() + 1);
        if (!PatchRunIndex.changes(stored, next)) {
            return store.replaceIf(ctx, item(ctx, next), REVISION, stored.revision()) ? Optional.of(next) : Optional.empty();
        }
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.PutIf(item(ctx, next), REVISION, stored.revision()));
        writes.addAll(PatchRunIndex.writes(ctx, stored, next));
        try {
            store.transact(ctx, writes);
            return Optional.of(next);
        } catch (ConditionFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * Applies {@code change} to the stored run under optimistic locking, re-reading after a lost race. A change that
     * returns its argument writes nothing; one that throws aborts.
     *
     * @return the run after the change, empty when there is no such run
     */
    public Optional<PatchRun> update(TenantContext ctx, String runId, UnaryOperator<PatchRun> change) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Optional<PatchRun> stored = find(ctx, runId);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            PatchRun next = change.apply(stored.get());
            if (next == stored.get()) {
                return stored;
            }
            Optional<PatchRun> written = replace(ctx, stored.get(), next);
            if (written.isPresent()) {
                return written;
            }
        }
        throw new IllegalStateException("patch run " + runId + " kept changing under " + WRITE_ATTEMPTS + " writes");
    }

    /**
     * An approval in one transaction: the validation run as approved (only while unchanged since read) and the new
     * execution run.
     *
     * @return {@code false} when the validation run changed meanwhile (nothing written)
     */
    public boolean approve(TenantContext ctx, PatchRun stored, PatchRun approved, PatchRun execution) {
        PatchRun next = approved.toBuilder().withRevision(stored.revision() + 1);
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.PutIf(item(ctx, next), REVISION, stored.revision()));
        writes.add(new Write.Put(item(ctx, execution), true));
        writes.addAll(PatchRunIndex.refWrites(ctx, stored, next));
        writes.addAll(PatchRunIndex.refWrites(ctx, null, execution));
        // Both runs are usually on one host: their counts go into one write per counter item.
        Map<ItemKey, Map<String, Long>> deltas = new LinkedHashMap<>();
        PatchRunIndex.countChange(ctx, stored, next, deltas);
        PatchRunIndex.countChange(ctx, null, execution, deltas);
        writes.addAll(PatchRunIndex.counterWrites(deltas));
        try {
            store.transact(ctx, writes);
            return true;
        } catch (ConditionFailedException e) {
            return false;
        }
    }

    /**
     * Which runs a listing shows: each part {@code null} for any; {@code status} may be {@code active} (queued and
     * running).
     */
    public record Filter(String status, String type, String hostId) {

        String group() {
            return status == null ? PatchRunIndex.ANY : status;
        }

        String typePart() {
            return type == null ? PatchRunIndex.ANY : type;
        }

        String hostPart() {
            return hostId == null ? PatchRunIndex.ANY : hostId;
        }
    }

    /** One key-ordered stretch of a listing; {@code size} is known (from the counters) or -1. */
    private record Segment(QuerySpec spec, long size) {
    }

    /**
     * One page of the runs the filter matches, in {@code sortBy} order ({@code created_at}, {@code started_at},
     * {@code completed_at} or {@code status}); ties, and runs without the time sorted by, follow creation in the same
     * direction, the latter after the timed ones either way. Reads the references up to {@code offset + limit} (small
     * items, about 40 to a read unit; whole status partitions before the offset are skipped by their counts) and then
     * the page's runs in one batch.
     */
    public List<PatchRun> page(TenantContext ctx, Filter filter, String sortBy, boolean ascending, int offset, int limit) {
        List<Segment> segments = new ArrayList<>();
        String partition = PatchRunIndex.partition(filter.group(), filter.typePart(), filter.hostPart());
        switch (sortBy) {
            case PatchRunIndex.STARTED_AT, PatchRunIndex.COMPLETED_AT -> {
                QuerySpec spec = QuerySpec.index(PatchRunIndex.sortIndex(sortBy), PatchRunIndex.sortedPartition(partition, sortBy));
                if (ascending) {
                    segments.add(new Segment(spec.sortBeginsWith(PatchRunIndex.TIMED), -1));
                    segments.add(new Segment(spec.sortBeginsWith(PatchRunIndex.UNTIMED), -1));
                } else {
                    segments.add(new Segment(spec.descending(), -1));
                }
            }
            case "status" -> {
                Map<String, Long> counters = counters(ctx, filter.hostId());
                List<String> statuses = PatchRun.STATUSES.stream()
                        .filter(s -> PatchRunIndex.ANY.equals(filter.group()) || filter.group().equals(s)
                                || (PatchRunIndex.ACTIVE.equals(filter.group()) && PatchRunIndex.isActive(s)))
                        .sorted(ascending ? Comparator.<String>naturalOrder() : Comparator.<String>reverseOrder()).toList();
                for (String status : statuses) {
                    QuerySpec spec = QuerySpec.partition(PatchRunIndex.partition(status, filter.typePart(), filter.hostPart()));
                    segments.add(new Segment(ascending ? spec : spec.descending(), count(counters, status, filter.type())));
                }
            }
            default -> {
                QuerySpec spec = QuerySpec.partition(partition);
                segments.add(new Segment(ascending ? spec : spec.descending(), -1));
            }
        }
        List<ItemKey> keys = new ArrayList<>();
        long skip = offset;
        for (Segment segment : segments) {
            if (keys.size() == limit) {
                break;
            }
            if (segment.size() >= 0 && skip >= segment.size()) {
                skip -= segment.size();
                continue;
            }
            String cursor = null;
            do {
                int want = (int) Math.min(QuerySpec.MAX_LIMIT, skip + limit - keys.size());
                Page<PatchRunIndex.Ref> refs = store.query(ctx, segment.spec().limit(want).after(cursor), PatchRunIndex.Ref.class);
                for (PatchRunIndex.Ref ref : refs.items()) {
                    if (skip > 0) {
                        skip--;
                    } else if (keys.size() < limit) {
                        keys.add(key(ctx, ref.runId()));
                    }
                }
                cursor = refs.nextCursor().orElse(null);
            } while (cursor != null && keys.size() < limit);
        }
        return store.getAll(ctx, keys, PatchRun.class);
    }

    /** How many runs the filter matches: one read of the tenant's (or the host's) counters. */
    public long total(TenantContext ctx, Filter filter) {
        return count(counters(ctx, filter.hostId()), filter.group(), filter.type());
    }

    /** The tenant's runs by status: one read. */
    public Map<String, Long> countsByStatus(TenantContext ctx) {
        Map<String, Long> byStatus = new TreeMap<>();
        counters(ctx, null).forEach((name, value) -> {
            int colon = name.indexOf(':');
            if (colon > 0) {
                byStatus.merge(name.substring(0, colon), value, Long::sum);
            }
        });
        return byStatus;
    }

    private static long count(Map<String, Long> counters, String group, String type) {
        return counters.entrySet().stream().filter(e -> PatchRunIndex.counts(e.getKey(), group, type)).mapToLong(Map.Entry::getValue).sum();
    }

    private Map<String, Long> counters(TenantContext ctx, String hostId) {
        ItemKey key = hostId == null ? PatchRunIndex.tenantCounters(ctx) : PatchRunIndex.hostCounters(ctx, hostId);
        @SuppressWarnings("unchecked")
        Map<String, Object> item = store.get(ctx, key, Map.class).orElse(Map.of());
        Map<String, Long> counters = new TreeMap<>();
        item.forEach((name, value) -> {
            if (value instanceof Number n) {
                counters.put(name, n.longValue());
            }
        });
        return counters;
    }

    /** The newest {@code limit} runs. */
    public List<PatchRun> newest(TenantContext ctx, int limit) {
        return store.query(ctx, QuerySpec.partition(RUNS).sortBeginsWith(RUN_PREFIX).descending().limit(limit), PatchRun.class).items();
    }

    /** Deletes the run only while it is still at {@code stored}'s revision, then its output. @return whether it was deleted */
    public boolean delete(TenantContext ctx, PatchRun stored) {
        try {
            List<Write> writes = new ArrayList<>();
            writes.add(new Write.DeleteIf(key(ctx, stored.id()), REVISION, stored.revision()));
            writes.addAll(PatchRunIndex.writes(ctx, stored, null));
            store.transact(ctx, writes);
        } catch (ConditionFailedException e) {
            return false;
        }
        store.writeAll(ctx, List.of(), store.keys(ctx, outputPartition(stored.id())));
        store.delete(ctx, awaitingKey(ctx, stored.hostId(), stored.id()));
        return true;
    }

    /**
     * Stores a progress chunk at {@code offset} of the generation, unless a piece is already there with other text.
     *
     * @return {@code false} when the offset holds another writer's text
     */
    public boolean putPiece(TenantContext ctx, String runId, int generation, int offset, String text) {
        Item<OutputPiece> item = Item.of(pieceKey(ctx, runId, generation, offset), "patch_run_output", new OutputPiece(runId, generation, offset, text));
        if (store.putIfAbsent(ctx, item)) {
            return true;
        }
        return store.get(ctx, item.key(), OutputPiece.class).map(p -> p.text().equals(text)).orElse(false);
    }

    /** Writes a whole output as generation {@code generation}, in pieces. */
    public void writeGeneration(TenantContext ctx, String runId, int generation, String output) {
        List<Item<?>> pieces = new ArrayList<>();
        int offset = 0;
        while (offset < output.length()) {
            int end = Math.min(output.length(), offset + PIECE_CHARS);
            // Never split a surrogate pair across two pieces.
            if (end < output.length() && Character.isHighSurrogate(output.charAt(end - 1))) {
                end--;
            }
            pieces.add(Item.of(pieceKey(ctx, runId, generation, offset), "patch_run_output",
                    new OutputPiece(runId, generation, offset, output.substring(offset, end))));
            offset = end;
        }
        store.writeAll(ctx, pieces, List.of());
    }

    /** Removes every piece of other generations than {@code keep}. */
    public void deleteOtherGenerations(TenantContext ctx, String runId, int keep) {
        String kept = generationPrefix(keep);
        List<ItemKey> stale = store.keys(ctx, outputPartition(runId)).stream().filter(k -> !k.sk().startsWith(kept)).toList();
        if (!stale.isEmpty()) {
            store.writeAll(ctx, List.of(), stale);
        }
    }

    /** The run's current output: its generation's pieces below its length, in order. */
    public String output(TenantContext ctx, PatchRun run) {
        if (run.outputLength() == 0) {
            return "";
        }
        List<OutputPiece> pieces = store.queryAll(ctx, QuerySpec.partition(outputPartition(run.id()))
                .sortBeginsWith(generationPrefix(run.outputGeneration())).limit(QuerySpec.MAX_LIMIT), OutputPiece.class);
        StringBuilder out = new StringBuilder(run.outputLength());
        for (OutputPiece piece : pieces) {
            if (piece.offset() < run.outputLength() && piece.offset() == out.length()) {
                out.append(piece.text(), 0, Math.min(piece.text().length(), run.outputLength() - piece.offset()));
            }
        }
        return out.toString();
    }

    public void markAwaiting(TenantContext ctx, PatchRun run) {
        store.put(ctx, Item.of(awaitingKey(ctx, run.hostId(), run.id()), "patch_run_awaiting", new AwaitingReport(run.id(), run.completedAt())));
    }

    /** The host's completed runs still waiting for a report: one read of its partition, no write. */
    public List<AwaitingReport> awaiting(TenantContext ctx, String hostId) {
        return store.query(ctx, QuerySpec.partition("HOST#" + hostId).sortBeginsWith(AWAITING_PREFIX).limit(100), AwaitingReport.class).items();
    }

    public void clearAwaiting(TenantContext ctx, String hostId, String runId) {
        store.delete(ctx, awaitingKey(ctx, hostId, runId));
    }
}
