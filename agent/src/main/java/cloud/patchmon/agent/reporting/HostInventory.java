package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.agent.network.NetworkCollector;
import cloud.patchmon.agent.network.NetworkInfo;
import cloud.patchmon.agent.packages.PackageManager;
import cloud.patchmon.agent.packages.PackageManagers;
import cloud.patchmon.agent.repositories.RepositorySources;
import cloud.patchmon.agent.system.SystemCollector;
import cloud.patchmon.agent.system.SystemInfo;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Collects the real host's inventory: its package manager's packages (after a refresh of the package
 * lists when {@link CacheRefresh} says one is due), that manager's repositories, and the system and
 * network details.
 */
public final class HostInventory implements InventorySource {

    private static final System.Logger LOG = System.getLogger(HostInventory.class.getName());

    private final CommandRunner runner;
    private final HostFiles files;
    private final List<PackageManager> managers;
    private final CacheRefresh refresh;

    public HostInventory(CommandRunner runner, HostFiles files, List<PackageManager> managers, CacheRefresh refresh) {
        this.runner = runner;
        this.files = files;
        this.managers = managers;
        this.refresh = refresh;
    }

    public static HostInventory forHost(AgentConfig config) {
        CommandRunner runner = new ProcessCommandRunner();
        return new HostInventory(runner, HostFiles.system(), PackageManagers.candidates(runner),
                new CacheRefresh(config.packageCacheRefreshMode(), Duration.ofMinutes(config.packageCacheRefreshMaxAge()),
                        config.credentialsFile().toAbsolutePath().resolveSibling(".package-cache-refreshed"), Clock.systemUTC()));
    }

    @Override
    public Inventory collect() throws IOException {
        long started = System.nanoTime();
        PackageManager manager = managers.stream().filter(PackageManager::isPresent).findFirst()
                .orElseThrow(() -> new IOException("no supported package manager found (apt, dnf, yum, zypper, apk, pacman, pkg)"));
        List<PackageEntry> packages = packages(manager);
        SystemInfo system = new SystemCollector(files, runner).collect();
        Optional<cloud.patchmon.agent.repositories.RepositorySource> source =
                RepositorySources.forManager(manager.name(), files, runner, system.architecture());
        List<RepositoryEntry> repositories = source.isPresent() ? source.get().collect() : List.of();
        NetworkInfo network = new NetworkCollector(files, runner).collect();
        return new Inventory(hostname(), manager.name(), packages, repositories, network, system, (System.nanoTime() - started) / 1_000_000);
    }

    private List<PackageEntry> packages(PackageManager manager) throws IOException {
        boolean refreshed = refresh.due() && refresh.refresh(manager);
        try {
            return manager.collect();
        } catch (IOException e) {
            // Managers read their cache only; a host whose cache was never filled (a fresh cloud image) needs one refresh.
            if (refreshed || !refresh.allowed() || !refresh.refresh(manager)) {
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "{0} collection failed on its cached lists ({1}); refreshed and retrying", manager.name(), e.getMessage());
            return manager.collect();
        }
    }

    /** The kernel's host name, as the agent protocol's hostname section means it. */
    private String hostname() throws IOException {
        Optional<String> kernel = files.read("/proc/sys/kernel/hostname").map(String::strip).filter(h -> !h.isEmpty());
        if (kernel.isPresent()) {
            return kernel.get();
        }
        if (runner.isAvailable("hostname")) {
            String name = runner.run("hostname").stdout().strip();
            if (!name.isEmpty()) {
                return name;
            }
        }
        return InetAddress.getLocalHost().getHostName();
    }
}
