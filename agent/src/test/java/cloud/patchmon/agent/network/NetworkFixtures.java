package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.HostFiles;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Host trees under {@code /fixtures/network/<host>/root} and the recorded command outputs beside them. */
final class NetworkFixtures {

    private NetworkFixtures() {
    }

    static HostFiles host(String name) {
        URL url = NetworkFixtures.class.getResource("/fixtures/network/" + name + "/root");
        if (url == null) {
            throw new AssertionError("missing fixture host " + name);
        }
        try {
            return new HostFiles(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static String output(String host, String file) {
        return "/fixtures/network/" + host + "/" + file;
    }
}
