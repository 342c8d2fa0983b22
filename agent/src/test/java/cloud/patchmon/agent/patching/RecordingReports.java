package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.server.ServerException;
import cloud.patchmon.protocol.PatchRunOutput;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The server's side of {@link PatchReports}: records every stage, and answers stages with errors when told to. */
final class RecordingReports implements PatchReports {

    record Sent(String runId, PatchRunOutput stage) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Map<String, ServerException> failures = new HashMap<>();

    /** Every {@code stage} from now on fails with {@code failure}. */
    synchronized RecordingReports failing(String stage, ServerException failure) {
        failures.put(stage, failure);
        return this;
    }

    @Override
    public synchronized void send(String patchRunId, PatchRunOutput stage) throws ServerException {
        ServerException failure = failures.get(stage.stage());
        if (failure != null) {
            throw failure;
        }
        sent.add(new Sent(patchRunId, stage));
    }

    synchronized List<PatchRunOutput> stages(String runId) {
        return sent.stream().filter(s -> s.runId().equals(runId)).map(Sent::stage).toList();
    }

    synchronized List<String> stageNames(String runId) {
        return stages(runId).stream().map(PatchRunOutput::stage).distinct().toList();
    }

    synchronized PatchRunOutput terminal(String runId) {
        return stages(runId).stream().filter(PatchRunOutput::terminal).reduce((a, b) -> b).orElse(null);
    }

    /** The progress chunks of a run, joined in the order they arrived. */
    synchronized String streamed(String runId) {
        StringBuilder text = new StringBuilder();
        stages(runId).stream().filter(s -> s.stage().equals("progress")).forEach(s -> text.append(s.output()));
        return text.toString();
    }

    synchronized long progressCount(String runId) {
        return stages(runId).stream().filter(s -> s.stage().equals("progress")).count();
    }
}
