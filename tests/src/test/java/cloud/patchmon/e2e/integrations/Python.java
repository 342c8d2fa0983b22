package cloud.patchmon.e2e.integrations;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python 3 for the example client: the one on PATH, else Debian's, else Debian's installed with apt (as root or
 * through sudo), the way {@code ./patchmon} installs Chromium for the browser tests. Installing twice is harmless.
 */
final class Python {

    private Python() {
    }

    static String ensure() throws IOException, InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            if (runs(List.of(candidate, "--version"))) {
                return candidate;
            }
        }
        String sudo = runs(List.of("sh", "-c", "[ \"$(id -u)\" -eq 0 ]")) ? "" : "sudo ";
        if (!runs(List.of("sh", "-c", sudo + "env DEBIAN_FRONTEND=noninteractive apt-get update -q && " + sudo
                + "env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3"))) {
            throw new IllegalStateException("python3 is missing and could not be installed with apt");
        }
        return "/usr/bin/python3";
    }

    private static boolean runs(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException notFound) {
            return false;
        }
    }
}
