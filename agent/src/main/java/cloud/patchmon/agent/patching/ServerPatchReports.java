package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.channel.Servers;
import cloud.patchmon.agent.config.InvalidConfigException;
import cloud.patchmon.agent.server.ServerClient;
import cloud.patchmon.agent.server.ServerException;
import cloud.patchmon.protocol.PatchRunOutput;

/**
 * {@code POST /patching/runs/{id}/output} with the REST client of the configuration as it is now; failures with no
 * answer, 5xx and 429 are retried with its back-off.
 */
final class ServerPatchReports implements PatchReports {

    private final Servers servers;

    ServerPatchReports(Servers servers) {
        this.servers = servers;
    }

    @Override
    public void send(String patchRunId, PatchRunOutput stage) throws ServerException, InterruptedException {
        ServerClient server;
        try {
            server = servers.current();
        } catch (InvalidConfigException e) {
            // config.yml or credentials.yml is being rewritten or broken: like an unreachable server, worth another try later.
            throw new ServerException(0, "the agent's configuration cannot be read: " + e.getMessage(), e);
        }
        server.post("/patching/runs/" + patchRunId + "/output", stage);
    }
}
