package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What apt itself makes of a sources configuration: {@code apt-get indextargets --no-release-info}
 * lists every configured index target (also of sources never downloaded), one per type, URI, suite
 * and component. Comparing on that grain checks the agent's reading against apt's own parser.
 */
final class AptIndexTargets {

    private static final String FORMAT = "$(TARGET_OF)|$(REPO_URI)|$(RELEASE)|$(COMPONENT)";

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    boolean available() {
        return runner.isAvailable("apt-get");
    }

    /** apt's targets for the host's own configuration. */
    Set<String> ofHost() throws IOException {
        return run(List.of());
    }

    /** apt's targets for the sources.list and sources.list.d of a host tree. */
    Set<String> ofTree(Path root) throws IOException {
        return run(List.of("-o", "Dir::Etc::sourcelist=" + root.resolve("etc/apt/sources.list"),
                "-o", "Dir::Etc::sourceparts=" + root.resolve("etc/apt/sources.list.d")));
    }

    /** The agent's entries on the same grain: one row per component. */
    static Set<String> of(List<RepositoryEntry> entries) {
        Set<String> rows = new TreeSet<>();
        for (RepositoryEntry e : entries) {
            for (String component : e.components().isEmpty() ? new String[]{""} : e.components().split(" ")) {
                rows.add(row(e.repoType(), e.url(), e.distribution(), component));
            }
        }
        return rows;
    }

    private Set<String> run(List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of("apt-get", "indextargets", "--no-release-info"));
        command.addAll(options);
        command.addAll(List.of("--format", FORMAT));
        CommandResult result = runner.run(command, Duration.ofMinutes(1));
        if (!result.succeeded()) {
            throw new IOException("apt-get indextargets failed: " + result.stderr());
        }
        Set<String> rows = new TreeSet<>();
        for (String line : result.stdout().lines().toList()) {
            String[] f = line.split("\\|", -1);
            if (f.length == 4) {
                rows.add(row(f[0], f[1], f[2], f[3].equals("$(COMPONENT)") ? "" : f[3]));
            }
        }
        return rows;
    }

    /** apt prints URIs with a trailing slash and {@code cdrom:[…]} as {@code cdrom://[…]}. */
    private static String row(String type, String uri, String suite, String component) {
        String url = RepositoryUrls.identity(uri.replace("cdrom://[", "cdrom:["));
        return type + "|" + url + "|" + suite + "|" + component;
    }
}
