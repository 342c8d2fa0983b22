package cloud.patchmon.core.patching;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores many runs at once with exactly the items {@link PatchRunRepository#create} writes (run, references,
 * counters), in batches instead of one transaction per run: how a benchmark builds a 10,000-run history in
 * reasonable time. Not atomic, so only for seeding a table nothing else writes.
 */
public final class PatchRunSeeding {

    private PatchRunSeeding() {
    }

    public static void store(ItemStore store, TenantContext ctx, List<PatchRun> runs) {
        List<Item<?>> items = new ArrayList<>();
        Map<ItemKey, Map<String, Long>> deltas = new LinkedHashMap<>();
        for (PatchRun run : runs) {
            items.add(Item.of(ItemKey.of(ctx, PatchRunRepository.RUNS, "RUN#" + run.id()), "patch_run", run));
            for (Write write : PatchRunIndex.refWrites(ctx, null, run)) {
                items.add(((Write.Put) write).item());
            }
            PatchRunIndex.countChange(ctx, null, run, deltas);
        }
        store.writeAll(ctx, items, List.of());
        for (Write write : PatchRunIndex.counterWrites(deltas)) {
            Write.Add add = (Write.Add) write;
            store.adjust(ctx, add.key(), add.type(), add.add(), Map.of());
        }
    }
}
