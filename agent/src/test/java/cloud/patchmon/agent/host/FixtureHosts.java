package cloud.patchmon.agent.host;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Recorded host trees under {@code /fixtures/<area>/<host>/root}, with the command outputs recorded beside them. */
public final class FixtureHosts {

    private final String area;

    /** @param area the fixtures folder, e.g. {@code system} or {@code network} */
    public FixtureHosts(String area) {
        this.area = area;
    }

    public HostFiles host(String name) {
        URL url = FixtureHosts.class.getResource("/fixtures/" + area + "/" + name + "/root");
        if (url == null) {
            throw new AssertionError("missing fixture host " + area + "/" + name);
        }
        try {
            return new HostFiles(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The classpath name of a recorded output of {@code host}, for {@link RecordedCommands#answer}. */
    public String output(String host, String file) {
        return "/fixtures/" + area + "/" + host + "/" + file;
    }
}
