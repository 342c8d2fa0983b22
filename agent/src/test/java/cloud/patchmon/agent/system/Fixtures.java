package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.FixtureHosts;
import cloud.patchmon.agent.host.HostFiles;

/** This package's recorded host trees ({@code /fixtures/system/<host>/root}). */
final class Fixtures {

    private static final FixtureHosts HOSTS = new FixtureHosts("system");

    private Fixtures() {
    }

    static HostFiles host(String name) {
        return HOSTS.host(name);
    }

    static String output(String host, String file) {
        return HOSTS.output(host, file);
    }
}
