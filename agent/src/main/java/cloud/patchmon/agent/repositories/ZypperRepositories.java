package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * zypper's repositories: the enabled sections of {@code /etc/zypp/repos.d/*.repo} (left out when
 * disabled, as for dnf).
 *
 * <p>An entry per enabled section: name the alias (section id), url the first {@code baseurl} (else
 * {@code mirrorlist}, {@code metalink}) with {@code $releasever}, {@code $arch}, {@code $basearch} and
 * the variables of {@code /etc/zypp/vars.d} substituted and without its query, which holds zypper
 * options and SUSE service tokens, not a location. distribution the os-release {@code VERSION_ID}
 * ({@code 15.6}) when the URL depends on {@code $releasever}, otherwise empty: the version of a rolling
 * release (a Tumbleweed snapshot date) says nothing about a URL that does not contain it, and would make
 * a new fleet record of every repository on each snapshot. repoType {@code rpm} for rpm-md metadata
 * (as for dnf), else the declared type ({@code yast2}, {@code plaindir}).
 */
public final class ZypperRepositories implements RepositorySource {

    private static final System.Logger LOG = System.getLogger(ZypperRepositories.class.getName());

    private static final String REPO_DIR = "/etc/zypp/repos.d";

    private final ConfigText files;
    private final String machine;

    /** @param machine the kernel's machine name ({@code uname -m}), for {@code $arch} and {@code $basearch} */
    public ZypperRepositories(HostFiles files, String machine) {
        this.files = new ConfigText(files);
        this.machine = machine;
    }

    @Override
    public String packageManager() {
        return "zypper";
    }

    @Override
    public List<RepositoryEntry> collect() throws IOException {
        Optional<String> version = OsRelease.read(files).field("VERSION_ID");
        Map<String, String> base = new HashMap<>(Map.of("arch", machine, "basearch", machine));
        version.ifPresent(v -> base.put("releasever", v));
        UrlVariables vars = UrlVariables.withFiles(base, files, "/etc/zypp/vars.d");
        RepositoryList list = new RepositoryList();
        for (String file : files.list(REPO_DIR, "*.repo")) {
            for (IniSections.Section section : IniSections.parse(files.read(file).orElse(""), file)) {
                if (!section.flag("enabled", true)) {
                    LOG.log(Level.DEBUG, "skipping disabled repository {0} in {1}", section.id(), file);
                    continue;
                }
                Optional<String> url = section.firstUrl("baseurl").or(() -> section.value("mirrorlist")).or(() -> section.value("metalink"));
                if (url.isEmpty()) {
                    LOG.log(Level.DEBUG, "skipping repository {0} in {1}: no baseurl", section.id(), file);
                    continue;
                }
                String distribution = UrlVariables.refersTo(url.get(), "releasever") ? version.orElse("") : "";
                list.add(section.id(), withoutQuery(vars.expand(url.get())), distribution, "", repoType(section));
            }
        }
        return list.entries();
    }

    private static String repoType(IniSections.Section section) {
        String type = section.value("type").map(t -> t.toLowerCase(Locale.ROOT)).orElse("rpm-md");
        return type.equals("rpm-md") || type.equals("none") ? "rpm" : type;
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query >= 0 ? url.substring(0, query) : url;
    }
}
