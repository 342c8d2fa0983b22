package cloud.patchmon.agent.cli;

import cloud.patchmon.agent.AgentVersion;
import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.reporting.Daemon;
import cloud.patchmon.agent.reporting.HostInventory;
import cloud.patchmon.agent.reporting.Payloads;
import cloud.patchmon.agent.reporting.Reporter;
import cloud.patchmon.agent.server.ServerClient;

/** The real host's configuration, server client and collectors, read from the configuration directory. */
record AgentSession(AgentConfig config, Credentials credentials, ServerClient server, Reporter reporter) implements Daemon.Session {

    static AgentSession open(ConfigFiles files) {
        AgentConfig config = files.config();
        Credentials credentials = files.credentials(config);
        ServerClient server = ServerClient.forConfig(config, credentials, AgentVersion.current());
        return new AgentSession(config, credentials, server,
                new Reporter(HostInventory.forHost(config), server, new Payloads(AgentVersion.current())));
    }
}
