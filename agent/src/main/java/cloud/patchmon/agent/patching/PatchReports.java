package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.server.ServerException;
import cloud.patchmon.protocol.PatchRunOutput;

/** Where a run's stages go: {@code POST /patching/runs/{id}/output}. The port the executor is tested through. */
@FunctionalInterface
interface PatchReports {

    void send(String patchRunId, PatchRunOutput stage) throws ServerException, InterruptedException;
}
