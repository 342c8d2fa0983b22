package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.FixtureHosts;
import cloud.patchmon.agent.host.HostFiles;

/** This package's recorded host trees ({@code /fixtures/network/<host>/root}). */
final class NetworkFixtures {

    private static final FixtureHosts HOSTS = new FixtureHosts("network");

    private NetworkFixtures() {
    }

    static HostFiles host(String name) {
        return HOSTS.host(name);
    }

    static String output(String host, String file) {
        return HOSTS.output(host, file);
    }
}
