package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pacman's repositories (spec ch. 7: each {@code [repo]} section of {@code /etc/pacman.conf}). A section
 * commented out ({@code #[multilib]}) is not one, and {@code [options]} holds no repository.
 *
 * <p>{@code Include} files are read where they appear, as pacman does, so {@code Include =
 * /etc/pacman.d/mirrorlist} contributes its uncommented {@code Server} lines (and an included file may
 * open sections of its own; glob patterns are allowed in the file name). An entry per section with a
 * server: name the section, url its first server (the one pacman tries first, servers listed before an
 * {@code Include} coming first) with {@code $repo} and {@code $arch} substituted, no distribution or
 * components (Arch is a rolling release), repoType {@code pacman}.
 */
public final class PacmanRepositories implements RepositorySource {

    private static final System.Logger LOG = System.getLogger(PacmanRepositories.class.getName());

    private static final String PACMAN_CONF = "/etc/pacman.conf";
    private static final String OPTIONS = "options";
    /** pacman's own limit on nested Include files. */
    private static final int MAX_DEPTH = 10;

    private final ConfigText files;
    private final String machine;

    /** @param machine the kernel's machine name ({@code uname -m}), which {@code Architecture = auto} stands for */
    public PacmanRepositories(HostFiles files, String machine) {
        this.files = new ConfigText(files);
        this.machine = machine;
    }

    @Override
    public String packageManager() {
        return "pacman";
    }

    @Override
    public List<RepositoryEntry> collect() throws IOException {
        Config config = new Config();
        read(PACMAN_CONF, config, 0);
        String arch = config.architecture.filter(a -> !a.equals("auto")).orElse(machine);
        RepositoryList list = new RepositoryList();
        config.servers.forEach((repo, servers) -> {
            if (servers.isEmpty()) {
                LOG.log(Level.DEBUG, "skipping pacman repository {0}: no Server", repo);
            } else {
                String url = new UrlVariables(Map.of("repo", repo, "arch", arch)).expand(servers.get(0));
                list.add(repo, url, "", "", "pacman");
            }
        });
        return list.entries();
    }

    /** What the files say, gathered in reading order; one instance per collection. */
    private static final class Config {
        private final Map<String, List<String>> servers = new LinkedHashMap<>();
        private Optional<String> architecture = Optional.empty();
        private String section;
    }

    private void read(String file, Config config, int depth) throws IOException {
        Optional<String> text = files.read(file);
        if (text.isEmpty()) {
            LOG.log(Level.DEBUG, "pacman configuration {0} does not exist", file);
            return;
        }
        List<String> lines = text.get().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                config.section = line.substring(1, line.length() - 1).trim();
                if (!config.section.equals(OPTIONS)) {
                    config.servers.computeIfAbsent(config.section, s -> new ArrayList<>());
                }
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq > 0 ? line.substring(0, eq).trim() : line;
            String value = eq > 0 ? line.substring(eq + 1).trim() : "";
            if (config.section == null) {
                LOG.log(Level.DEBUG, "skipping {0}:{1} outside any section: {2}", file, i + 1, line);
            } else if (key.equals("Include") && !value.isEmpty()) {
                include(value, config, depth, file);
            } else if (key.equals("Server") && !value.isEmpty() && !config.section.equals(OPTIONS)) {
                config.servers.get(config.section).add(value);
            } else if (key.equals("Architecture") && !value.isEmpty() && config.section.equals(OPTIONS)) {
                config.architecture = Optional.of(value.split("\\s+")[0]);
            }
        }
    }

    private void include(String pattern, Config config, int depth, String from) throws IOException {
        if (depth >= MAX_DEPTH) {
            LOG.log(Level.DEBUG, "not following Include {0} from {1}: nested too deep", pattern, from);
            return;
        }
        int slash = pattern.lastIndexOf('/');
        String name = pattern.substring(slash + 1);
        if (slash < 0 || !name.matches(".*[*?\\[].*")) {
            read(pattern, config, depth + 1);
            return;
        }
        for (String file : files.list(pattern.substring(0, slash), name)) {
            read(file, config, depth + 1);
        }
    }
}
