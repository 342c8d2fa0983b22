package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * FreeBSD pkg's repositories: the repository objects of {@code /etc/pkg/*.conf} and then
 * {@code /usr/local/etc/pkg/repos/*.conf}, merged by name as pkg merges them, so a later
 * {@code FreeBSD: { enabled: no }} disables the base system's definition (and a disabled repository is
 * not reported). A file that is not valid UCL is ignored, as pkg ignores it.
 *
 * <p>An entry per enabled repository with a url: name the repository's name, url with pkg's variables
 * substituted ({@code ${ABI}} from {@code pkg config abi}, the one command this source runs and only when
 * a url needs it; {@code ${VERSION_MAJOR}}, {@code ${RELEASE}}, {@code ${OSNAME}}, {@code ${ARCH}} from
 * that ABI; {@code ${VERSION_MINOR}} from os-release {@code VERSION_ID}), distribution the ABI when the
 * url depends on it ({@code FreeBSD:14:amd64}) and empty otherwise, no components, repoType {@code pkg}.
 * {@code REPOS_DIR} set in pkg.conf and repositories declared inside pkg.conf are not read.
 */
public final class PkgRepositories implements RepositorySource {

    private static final System.Logger LOG = System.getLogger(PkgRepositories.class.getName());

    private static final List<String> REPO_DIRS = List.of("/etc/pkg", "/usr/local/etc/pkg/repos");

    private final ConfigText files;
    private final CommandRunner commands;

    public PkgRepositories(HostFiles files, CommandRunner commands) {
        this.files = new ConfigText(files);
        this.commands = commands;
    }

    @Override
    public String packageManager() {
        return "pkg";
    }

    @Override
    public List<RepositoryEntry> collect() throws IOException {
        Map<String, Map<String, String>> repos = new LinkedHashMap<>();
        for (String dir : REPO_DIRS) {
            for (String file : files.list(dir, "*.conf")) {
                try {
                    UclObjects.parse(files.read(file).orElse(""))
                            .forEach((name, options) -> repos.computeIfAbsent(name, n -> new HashMap<>()).putAll(options));
                } catch (UclObjects.SyntaxError e) {
                    LOG.log(Level.DEBUG, "ignoring {0}, as pkg does: {1}", file, e.getMessage());
                }
            }
        }
        Map<String, String> urls = new LinkedHashMap<>();
        repos.forEach((name, options) -> {
            String url = options.getOrDefault("url", "").trim();
            if (!enabled(options.get("enabled"))) {
                LOG.log(Level.DEBUG, "skipping disabled pkg repository {0}", name);
            } else if (url.isEmpty()) {
                LOG.log(Level.DEBUG, "skipping pkg repository {0}: no url", name);
            } else {
                urls.put(name, url);
            }
        });
        Optional<Abi> abi = urls.values().stream().anyMatch(u -> u.contains("$")) ? Optional.of(abi()) : Optional.empty();
        RepositoryList list = new RepositoryList();
        urls.forEach((name, url) -> {
            String expanded = abi.map(a -> a.variables().expand(url)).orElse(url);
            list.add(name, expanded, expanded.equals(url) ? "" : abi.get().value(), "", "pkg");
        });
        return list.entries();
    }

    /** UCL's booleans; pkg enables a repository unless it says otherwise. */
    private static boolean enabled(String value) {
        return value == null || !List.of("no", "false", "off").contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** The host's ABI, e.g. {@code FreeBSD:14:amd64}, with the variables pkg derives from it. */
    private record Abi(String value, UrlVariables variables) {
    }

    private Abi abi() throws IOException {
        CommandResult result = commands.run("pkg", "config", "abi");
        String abi = result.stdout().trim();
        String[] parts = abi.split(":");
        if (!result.succeeded() || parts.length != 3) {
            String output = result.stderr().isBlank() ? abi : result.stderr().trim();
            throw new IOException("pkg config abi failed (exit " + result.exitCode() + "): " + output);
        }
        Map<String, String> values = new HashMap<>(Map.of("ABI", abi, "OSNAME", parts[0], "VERSION_MAJOR", parts[1],
                "RELEASE", parts[1], "ARCH", parts[2]));
        OsRelease.read(files).field("VERSION_ID").filter(v -> v.startsWith(parts[1] + "."))
                .ifPresent(v -> values.put("VERSION_MINOR", v.substring(parts[1].length() + 1).split("[.-]")[0]));
        return new Abi(abi, new UrlVariables(values));
    }
}
