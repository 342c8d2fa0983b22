package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.OsReleaseFields;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * dnf's and yum's repositories (spec ch. 7: each enabled entry of {@code /etc/yum.repos.d/*.repo}, plus
 * the other default reposdirs {@code /etc/yum/repos.d} and {@code /etc/distro.repos.d}).
 *
 * <p>An entry per enabled section: name the repo id, url the first {@code baseurl}, else the
 * {@code metalink}, else the {@code mirrorlist} (the order dnf tries them), distribution the host's
 * platform ({@code el9}, {@code f40} from os-release {@code PLATFORM_ID}), no components, repoType
 * {@code rpm}. {@code $releasever}, {@code $basearch}, {@code $arch} and the variables of
 * {@code /etc/yum/vars} and {@code /etc/dnf/vars} (which wins) are substituted; {@code $releasever}
 * is {@code /etc/dnf/vars/releasever} when set, else the major part of os-release {@code VERSION_ID}.
 * A {@code reposdir} set in dnf.conf and repositories defined in dnf.conf itself are not read.
 */
public final class YumRepositories implements RepositorySource {

    private static final System.Logger LOG = System.getLogger(YumRepositories.class.getName());

    private static final List<String> REPO_DIRS = List.of("/etc/yum.repos.d", "/etc/yum/repos.d", "/etc/distro.repos.d");

    private final ConfigText files;
    private final String packageManager;
    private final String machine;

    /**
     * @param packageManager {@code dnf} or {@code yum}, as the host's package manager reports itself
     * @param machine        the kernel's machine name ({@code uname -m}, e.g. {@code x86_64}), for {@code $basearch}
     */
    public YumRepositories(HostFiles files, String packageManager, String machine) {
        this.files = new ConfigText(files);
        this.packageManager = packageManager;
        this.machine = machine;
    }

    @Override
    public String packageManager() {
        return packageManager;
    }

    @Override
    public List<RepositoryEntry> collect() throws IOException {
        OsReleaseFields os = OsRelease.read(files);
        UrlVariables vars = variables(os);
        String distribution = os.field("PLATFORM_ID").map(p -> p.substring(p.indexOf(':') + 1)).orElse(vars.value("releasever"));
        RepositoryList list = new RepositoryList();
        Set<String> seen = new HashSet<>();
        for (String dir : REPO_DIRS) {
            for (String file : files.list(dir, "*.repo")) {
                for (IniSections.Section section : IniSections.parse(files.read(file).orElse(""), file)) {
                    if (!seen.add(section.id())) {
                        LOG.log(Level.DEBUG, "repository {0} in {1} is defined before; dnf uses the first", section.id(), file);
                    } else if (!section.flag("enabled", true)) {
                        LOG.log(Level.DEBUG, "skipping disabled repository {0} in {1}", section.id(), file);
                    } else {
                        url(section).ifPresentOrElse(
                                url -> list.add(section.id(), vars.expand(url), distribution, "", "rpm"),
                                () -> LOG.log(Level.DEBUG, "skipping repository {0} in {1}: no baseurl, metalink or mirrorlist",
                                        section.id(), file));
                    }
                }
            }
        }
        return list.entries();
    }

    private static Optional<String> url(IniSections.Section section) {
        return section.firstUrl("baseurl").or(() -> section.value("metalink")).or(() -> section.value("mirrorlist"));
    }

    private UrlVariables variables(OsReleaseFields os) throws IOException {
        Map<String, String> base = new HashMap<>();
        base.put("arch", machine);
        base.put("basearch", baseArch(machine));
        os.field("VERSION_ID").ifPresent(v -> base.put("releasever", v.split("\\.")[0]));
        return UrlVariables.withFiles(base, files, "/etc/yum/vars", "/etc/dnf/vars");
    }

    /** rpm's base architecture of a machine: the 32-bit x86 family is {@code i386}, 32-bit hard-float ARM {@code armhfp}. */
    static String baseArch(String machine) {
        if (machine.matches("i[3-6]86|athlon|geode")) {
            return "i386";
        }
        if (machine.matches("armv[67].*")) {
            return "armhfp";
        }
        return machine;
    }
}
