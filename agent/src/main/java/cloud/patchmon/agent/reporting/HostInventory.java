package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.agent.packages.PackageManager;
import cloud.patchmon.agent.packages.PackageManagers;

import java.io.IOException;

/** Collects the real host's inventory with the package manager it has. */
public final class HostInventory implements InventorySource {

    private final CommandRunner runner;
    private final HostFiles files;
    private final AgentConfig config;

    public HostInventory(CommandRunner runner, HostFiles files, AgentConfig config) {
        this.runner = runner;
        this.files = files;
        this.config = config;
    }

    public static HostInventory forHost(AgentConfig config) {
        return new HostInventory(new ProcessCommandRunner(), HostFiles.system(), config);
    }

    @Override
    public Inventory collect() throws IOException {
        PackageManager manager = PackageManagers.detect(runner)
                .orElseThrow(() -> new IOException("no supported package manager found (apt, dnf, yum, zypper, apk, pacman, pkg)"));
        throw new IOException("collection of " + manager.name() + " is being wired" + files + config);
    }
}
