package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.protocol.PackageEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Arch Linux packages: installed ones with their descriptions and groups from {@code pacman -Qi},
 * updates from {@code checkupdates} (pacman-contrib), which checks a freshly synced copy of the sync
 * databases without touching the host's. Without checkupdates, or without the fakeroot it needs,
 * updates come from {@code pacman -Qu}, which only knows what the host's last {@code pacman -Sy}
 * fetched. Packages on {@code IgnorePkg} are not updates in either case, as in checkupdates.
 *
 * <p>Arch has no security classification in pacman (advisories are published apart, for
 * arch-audit), so {@code isSecurityUpdate} is always false; the category is the package's first
 * group; the source repository is not reported.
 */
public final class PacmanPackageManager implements PackageManager {

    /** checkupdates: updates listed. */
    private static final int CHECKUPDATES_UPDATES = 0;
    /** checkupdates: nothing to update. */
    private static final int CHECKUPDATES_NONE = 2;
    /** pacman -Qu: no package matched, i.e. nothing to update. */
    private static final int QUERY_NO_MATCH = 1;

    private final CommandRunner runner;

    public PacmanPackageManager(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "pacman";
    }

    @Override
    public boolean isPresent() {
        return runner.isAvailable("pacman");
    }

    @Override
    public List<PackageEntry> collect() throws IOException {
        CommandResult info = run("pacman", "-Qi");
        if (!info.succeeded()) {
            throw failure(info, "pacman -Qi");
        }
        List<PacmanInstalledPackage> installed = PacmanQueryInfoParser.parse(info.stdout());
        if (installed.isEmpty()) {
            throw new IOException("pacman -Qi listed no installed package");
        }
        Map<String, String> updates = PacmanUpdatesParser.parse(updateList());

        List<PackageEntry> entries = new ArrayList<>(installed.size());
        for (PacmanInstalledPackage p : installed) {
            String available = updates.get(p.name());
            entries.add(PackageEntry.of(p.name(), p.description(), p.groups().isEmpty() ? null : p.groups().get(0),
                    p.version(), available, available != null, false, null));
        }
        return List.copyOf(entries);
    }

    /**
     * Nothing to do: {@code checkupdates} syncs a private copy of the sync databases on every collection, and
     * refreshing the real ones ({@code pacman -Sy}) without upgrading would leave the host in the partial-upgrade
     * state Arch warns against. Without checkupdates the updates are those of the host's last sync.
     */
    @Override
    public void refreshCache() {
        // See above: deliberately nothing.
    }

    private String updateList() throws IOException {
        if (runner.isAvailable("checkupdates") && runner.isAvailable("fakeroot")) {
            CommandResult result = run("checkupdates");
            if (result.exitCode() == CHECKUPDATES_NONE) {
                return "";
            }
            if (result.exitCode() != CHECKUPDATES_UPDATES) {
                throw failure(result, "checkupdates");
            }
            return result.stdout();
        }
        CommandResult result = run("pacman", "-Qu");
        // -Qu exits 1 both when nothing matches and on errors; only errors say something
        if (result.exitCode() == QUERY_NO_MATCH && result.stdout().isBlank() && result.stderr().isBlank()) {
            return "";
        }
        if (!result.succeeded()) {
            throw failure(result, "pacman -Qu");
        }
        return result.stdout();
    }

    private CommandResult run(String... command) throws IOException {
        return runner.run(List.of(command), CommandRunner.DEFAULT_TIMEOUT);
    }

    private static IOException failure(CommandResult result, String command) {
        String stderr = result.stderr().strip();
        return new IOException(command + " exited with " + result.exitCode() + (stderr.isEmpty() ? "" : ": " + stderr));
    }
}
