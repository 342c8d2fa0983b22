package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.agent.packages.PackageManager;
import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostInventoryTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** A package manager whose cache is empty until it is refreshed, as on a fresh cloud image. */
    private static final class ColdCache implements PackageManager {
        final List<String> calls = new ArrayList<>();
        boolean warm;
        boolean refreshFails;

        @Override
        public String name() {
            return "apt";
        }

        @Override
        public boolean isPresent() {
            return true;
        }

        @Override
        public List<PackageEntry> collect() throws IOException {
            calls.add("collect");
            if (!warm) {
                throw new IOException("no package lists");
            }
            return List.of(PackageEntry.of("bash", null, null, "5.2", null, false, false, null));
        }

        @Override
        public void refreshCache() throws IOException {
            calls.add("refresh");
            if (refreshFails) {
                throw new IOException("mirror unreachable");
            }
            warm = true;
        }
    }

    private HostInventory inventory(PackageManager manager, String mode) throws URISyntaxException {
        Path host = Path.of(getClass().getResource("/fixtures/system/debian12/root").toURI());
        // An empty PATH: the collectors read the recorded host tree only.
        return new HostInventory(new ProcessCommandRunner(dir.resolve("no-bin").toString()), new HostFiles(host), List.of(manager),
                new CacheRefresh(mode, Duration.ofMinutes(60), dir.resolve(".package-cache-refreshed"), Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @Test
    void aColdCacheIsRefreshedOnceAndTheCollectionRetried() throws Exception {
        ColdCache manager = new ColdCache();
        Files.createFile(dir.resolve(".package-cache-refreshed"));
        Files.setLastModifiedTime(dir.resolve(".package-cache-refreshed"), FileTime.from(NOW.minusSeconds(60)));

        Inventory inventory = inventory(manager, "if_stale").collect();

        assertThat(manager.calls).containsExactly("collect", "refresh", "collect");
        assertThat(inventory.packages()).extracting(PackageEntry::name).containsExactly("bash");
        assertThat(inventory.packageManager()).isEqualTo("apt");
        assertThat(inventory.system().osType()).isEqualTo("Debian GNU/Linux");
    }

    @Test
    void ifStaleRefreshesWhenTheLastRefreshIsOlderThanTheMaxAgeAndRemembersIt() throws Exception {
        ColdCache manager = new ColdCache();

        inventory(manager, "if_stale").collect();
        assertThat(manager.calls).as("never refreshed: due").containsExactly("refresh", "collect");
        assertThat(Files.getLastModifiedTime(dir.resolve(".package-cache-refreshed")).toInstant()).isEqualTo(NOW);

        manager.calls.clear();
        inventory(manager, "if_stale").collect();
        assertThat(manager.calls).as("refreshed just now: not due").containsExactly("collect");

        Files.setLastModifiedTime(dir.resolve(".package-cache-refreshed"), FileTime.from(NOW.minus(Duration.ofMinutes(61))));
        manager.calls.clear();
        inventory(manager, "if_stale").collect();
        assertThat(manager.calls).containsExactly("refresh", "collect");
    }

    @Test
    void neverMeansNeverAndAFailedRefreshFallsBackToTheCache() throws Exception {
        ColdCache cold = new ColdCache();
        assertThatThrownBy(() -> inventory(cold, "never").collect()).hasMessage("no package lists");
        assertThat(cold.calls).containsExactly("collect");

        ColdCache offline = new ColdCache();
        offline.warm = true;
        offline.refreshFails = true;
        assertThat(inventory(offline, "always").collect().packages()).hasSize(1);
        assertThat(offline.calls).containsExactly("refresh", "collect");
        assertThat(dir.resolve(".package-cache-refreshed")).doesNotExist();
    }
}
