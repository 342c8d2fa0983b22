package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.server.ServerClient;

/** The REST client for the configuration as it is now (credentials may have been regenerated since start-up). */
@FunctionalInterface
public interface Servers {
    ServerClient current();
}
