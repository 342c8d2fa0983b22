package cloud.patchmon.core.patching;

import cloud.patchmon.core.realtime.RunFrames;
import cloud.patchmon.core.realtime.UiSessions;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code run:<id>} channels of the {@code ui} socket: a run is subscribable only in its own tenant (the lookup is
 * keyed by the subscriber's tenant, so another tenant's id reads as not found), and a new subscriber gets the persisted
 * output as a snapshot, plus a synthetic {@code done} when the run already ended (spec ch. 9, "Live log streaming").
 */
public final class PatchRunSubscriptions implements UiSessions.RunLookup {

    private final PatchRunRepository runs;

    public PatchRunSubscriptions(ItemStore store) {
        this.runs = new PatchRunRepository(store);
    }

    @Override
    public boolean exists(TenantContext ctx, String runId) {
        return runs.find(ctx, runId).isPresent();
    }

    @Override
    public List<Map<String, Object>> snapshot(TenantContext ctx, String runId) {
        return runs.find(ctx, runId).map(run -> {
            String output = runs.output(ctx, run);
            List<Map<String, Object>> frames = new ArrayList<>(RunFrames.snapshot(run.id(), run.status(), output, run.errorMessage()));
            if (run.finished()) {
                frames.add(RunFrames.done(run.id(), run.status(), output.length(), run.errorMessage()));
            }
            return frames;
        }).orElse(List.of());
    }
}
