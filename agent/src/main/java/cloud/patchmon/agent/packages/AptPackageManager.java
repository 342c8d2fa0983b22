package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.protocol.PackageEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Debian and Ubuntu packages: installed ones from {@code dpkg-query}, updates from an
 * {@code apt-get -s dist-upgrade} simulation and {@code apt-cache policy}, from the package lists apt
 * already has (refreshing them is {@link #refreshCache()}, which collecting never does).
 *
 * <p>The updates are those {@code apt list --upgradable} lists, so the host's counts match what its
 * administrator sees: every upgrade the dist-upgrade simulation would do, including those needing new
 * packages (a kernel metapackage) that {@code apt-get upgrade} keeps back, plus those the simulation
 * leaves out although a newer candidate exists (packages on hold, upgrades the resolver cannot fit).
 * Like apt, it counts an installed version that differs from the archive's build of the same version
 * number (a local rebuild) as an update to that version.
 *
 * <p>An update is a security update when an archive offering its version is a security one
 * ({@code Debian-Security:12/bookworm-security}, {@code Ubuntu:22.04/jammy-security}). The source
 * repository is the suite offering the version ({@code bookworm-security}, {@code jammy-updates}),
 * preferring a security suite; none when only the dpkg status knows the version. Package names are
 * dpkg's, qualified with the architecture ({@code libc6:i386}) only for a foreign architecture whose
 * package is also installed for another one.
 */
public final class AptPackageManager implements PackageManager {

    private final CommandRunner runner;

    public AptPackageManager(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public boolean isPresent() {
        return runner.isAvailable("dpkg-query") && runner.isAvailable("apt-get") && runner.isAvailable("apt-cache");
    }

    @Override
    public List<PackageEntry> collect() throws IOException {
        String nativeArchitecture = run(List.of("dpkg", "--print-architecture")).strip();
        List<DpkgInstalledPackage> installed = DpkgQueryParser.parse(run(List.of("dpkg-query", "-W", "-f=" + DpkgQueryParser.FORMAT)));
        if (installed.isEmpty()) {
            throw new IOException("dpkg-query listed no installed package");
        }
        // Debug::NoLocking: the simulation must not wait for, or block, an unattended upgrade holding the lock.
        Map<String, AptUpgrade> upgrades = AptSimulationParser.parse(run(List.of("apt-get", "-s", "-o", "Debug::NoLocking=1", "dist-upgrade")))
                .stream()
                .filter(u -> u.installedVersion() != null)
                .collect(Collectors.toMap(AptUpgrade::aptName, Function.identity(), (a, b) -> b));
        List<String> policyCommand = new ArrayList<>(List.of("apt-cache", "policy"));
        installed.forEach(p -> policyCommand.add(p.aptName(nativeArchitecture)));
        Map<String, AptPolicy> policies = AptPolicyParser.parse(run(policyCommand));

        Map<String, Long> architecturesByName = installed.stream()
                .collect(Collectors.groupingBy(DpkgInstalledPackage::name, Collectors.counting()));
        List<PackageEntry> entries = new ArrayList<>(installed.size());
        for (DpkgInstalledPackage p : installed) {
            String aptName = p.aptName(nativeArchitecture);
            String name = architecturesByName.get(p.name()) > 1 ? aptName : p.name();
            entries.add(entry(name, p, upgrades.get(aptName), policies.get(aptName)));
        }
        return List.copyOf(entries);
    }

    /**
     * Refreshes apt's package lists ({@code apt-get update}), so that the next {@link #collect()} sees
     * the repositories' current updates. Changes the host's apt state and needs root.
     *
     * @throws IOException when apt-get fails
     */
    @Override
    public void refreshCache() throws IOException {
        run(List.of("apt-get", "-q", "update"));
    }

    private static PackageEntry entry(String name, DpkgInstalledPackage p, AptUpgrade upgrade, AptPolicy policy) {
        if (upgrade != null) {
            return PackageEntry.of(name, p.summary(), p.section(), p.version(), upgrade.version(), true,
                    upgrade.fromSecurityArchive(), policy == null ? null : policy.sourceOf(upgrade.version()).orElse(null));
        }
        if (policy != null && policy.upgradable()) {
            return PackageEntry.of(name, p.summary(), p.section(), p.version(), policy.candidate(), true,
                    policy.offeredBySecurityArchive(policy.candidate()), policy.sourceOf(policy.candidate()).orElse(null));
        }
        return PackageEntry.of(name, p.summary(), p.section(), p.version(), null, false, false,
                policy == null ? null : policy.sourceOf(p.version()).orElse(null));
    }

    private String run(List<String> command) throws IOException {
        CommandResult result = runner.run(command, CommandRunner.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            String stderr = result.stderr().strip();
            throw new IOException(String.join(" ", command.subList(0, Math.min(2, command.size()))) + " exited with " + result.exitCode()
                    + (stderr.isEmpty() ? "" : ": " + stderr));
        }
        return result.stdout();
    }
}
