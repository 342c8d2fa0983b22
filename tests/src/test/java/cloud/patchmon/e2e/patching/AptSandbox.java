package cloud.patchmon.e2e.patching;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away apt and dpkg in a temporary directory, so a real agent can really upgrade a package without touching
 * this machine's own: its own dpkg database and install root ({@code --admindir}, {@code --instdir}), lists, cache,
 * logs and configuration (none of /etc/apt is read), and a flat {@code file:} repository holding a newer build of a
 * package the test built with dpkg-deb. A process started with {@link #environment()} (the agent) sees only this
 * apt: {@code APT_CONFIG} is read before anything else, and the package has no maintainer scripts, so dpkg never
 * needs a chroot for it.
 */
final class AptSandbox {

    static final String PACKAGE = "patchmon-e2e-probe";
    private static final String INSTALLED = "1.0";
    static final String CANDIDATE = "1.1";

    private final Path dir;

    private AptSandbox(Path dir) {
        this.dir = dir;
    }

    /** Whether this machine has the tools: apt-get and dpkg-deb. */
    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/apt-get")) && Files.isExecutable(Path.of("/usr/bin/dpkg-deb"))
                && Files.isExecutable(Path.of("/usr/bin/dpkg"));
    }

    /** Builds both versions, installs {@value #INSTALLED} in the sandbox and reads the repository's lists. */
    static AptSandbox create(Path dir) throws Exception {
        AptSandbox sandbox = new AptSandbox(dir);
        for (String sub : List.of("dpkg/info", "dpkg/updates", "dpkg/triggers", "root", "repo", "state/lists/partial",
                "cache/archives/partial", "log", "etc/apt.conf.d", "etc/sources.list.d", "etc/preferences.d")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.writeString(dir.resolve("dpkg/status"), "");
        Path installed = sandbox.build(INSTALLED, dir);
        Path candidate = sandbox.build(CANDIDATE, dir.resolve("repo"));
        sandbox.writeIndex(candidate);
        Files.writeString(dir.resolve("etc/sources.list"), "deb [trusted=yes] file:" + dir.resolve("repo") + " ./\n");
        Files.writeString(sandbox.config(), String.join("\n",
                "Dir::Etc::parts \"" + dir.resolve("etc/apt.conf.d") + "\";",
                "Dir::Etc::main \"/dev/null\";",
                "Dir::Etc::sourcelist \"" + dir.resolve("etc/sources.list") + "\";",
                "Dir::Etc::sourceparts \"" + dir.resolve("etc/sources.list.d") + "\";",
                "Dir::Etc::preferences \"" + dir.resolve("etc/preferences") + "\";",
                "Dir::Etc::preferencesparts \"" + dir.resolve("etc/preferences.d") + "\";",
                "Dir::State \"" + dir.resolve("state") + "\";",
                "Dir::State::status \"" + dir.resolve("dpkg/status") + "\";",
                "Dir::Cache \"" + dir.resolve("cache") + "\";",
                "Dir::Log \"" + dir.resolve("log") + "\";",
                // The lists live under the test's directory, which apt's unprivileged _apt user may not read.
                "APT::Sandbox::User \"root\";",
                "DPkg::Options { " + String.join(" ", dpkgOptions(dir).stream().map(o -> "\"" + o + "\";").toList()) + " };",
                ""));
        List<String> install = new ArrayList<>(List.of("dpkg"));
        install.addAll(dpkgOptions(dir));
        install.addAll(List.of("-i", installed.toString()));
        sandbox.output(install);
        sandbox.output(List.of("apt-get", "-q", "update"));
        return sandbox;
    }

    private static List<String> dpkgOptions(Path dir) {
        return List.of("--admindir=" + dir.resolve("dpkg"), "--instdir=" + dir.resolve("root"), "--log=" + dir.resolve("log/dpkg.log"));
    }

    /** What a process needs in its environment to use this apt instead of the machine's. */
    Map<String, String> environment() {
        return Map.of("APT_CONFIG", config().toString());
    }

    /** The version the sandbox's dpkg has installed, from the file the package ships. */
    String installedVersion() throws IOException {
        return Files.readString(dir.resolve("root/usr/lib/" + PACKAGE + "/version")).strip();
    }

    private Path config() {
        return dir.resolve("apt.conf");
    }

    private Path build(String version, Path into) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("build-" + version));
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.writeString(tree.resolve("DEBIAN/control"), String.join("\n",
                "Package: " + PACKAGE, "Version: " + version, "Architecture: all",
                "Maintainer: PatchMon e2e <e2e@example.test>", "Description: throw-away package of the PatchMon end-to-end tests", ""));
        // Not under /usr/share/doc, which a container's dpkg.cfg.d may exclude.
        Path data = Files.createDirectories(tree.resolve("usr/lib/" + PACKAGE));
        Files.writeString(data.resolve("version"), version + "\n");
        Path deb = into.resolve(PACKAGE + "_" + version + "_all.deb");
        output(List.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString()));
        return deb;
    }

    /** The flat repository's Packages index (what dpkg-scanpackages writes, without needing dpkg-dev). */
    private void writeIndex(Path deb) throws Exception {
        byte[] bytes = Files.readAllBytes(deb);
        String control = output(List.of("dpkg-deb", "--field", deb.toString())).strip();
        String sha256 = HexFormat.of().formatHex(digest(bytes));
        Files.writeString(dir.resolve("repo/Packages"), control + "\nFilename: ./" + deb.getFileName()
                + "\nSize: " + bytes.length + "\nSHA256: " + sha256 + "\n\n");
    }

    private static byte[] digest(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private String output(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment());
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
