package cloud.patchmon.core.patching;

import cloud.patchmon.core.realtime.RunFrames;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiChannelName;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.List;

/** Pushes a run's new output and its end to the browsers subscribed to {@code run:<id>}; a courtesy, never a failure. */
public final class PatchRunLive {

    private final UiChannel channel;

    public PatchRunLive(UiChannel channel) {
        this.channel = channel;
    }

    public void chunk(TenantContext ctx, String runId, int offset, String text) {
        channel.publishAll(ctx, UiChannelName.run(runId), RunFrames.chunks(runId, offset, text));
    }

    public void done(TenantContext ctx, PatchRun run) {
        channel.publishAll(ctx, UiChannelName.run(run.id()), List.of(RunFrames.done(run.id(), run.status(), run.outputLength(), run.errorMessage())));
    }
}
