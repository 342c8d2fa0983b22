package cloud.patchmon.agent.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiskUsageTest {

    /** The first four read off {@code df -P -k} and {@code df -h} on a Debian 12 VM, the rest checked with coreutils {@code numfmt --to=iec --round=up}. */
    @ParameterizedTest
    @CsvSource({
            "264212084, 252G",
            "24058376, 23G",
            "82332536, 79G",
            "12334432, 12G",
            "4, 4.0K",
            "0, 0",
            "1023, 1023K",
            "10239, 10M",
            "1048575, 1.0G",
            "7159736, 6.9G",
            "1038336, 1014M",
            "3221225472, 3.0T",
    })
    void sizesReadLikeDfH(long kib, String human) {
        assertThat(DiskUsage.human(kib)).isEqualTo(human);
    }

    @Test
    void mountTableEscapesAreDecoded() {
        assertThat(DiskUsage.unescape("/srv/backup\\040disk")).isEqualTo("/srv/backup disk");
        assertThat(DiskUsage.unescape("/mnt/a\\134b")).isEqualTo("/mnt/a\\b");
        assertThat(DiskUsage.unescape("/mnt/odd\\9x")).isEqualTo("/mnt/odd\\9x");
    }

    @Test
    void storageKeepsBlockDevicesAndZfsOncePerDevice() {
        List<DiskUsage.Mount> table = List.of(
                new DiskUsage.Mount("rpool/ROOT/debian", "/", "zfs"),
                new DiskUsage.Mount("/dev/nvme0n1p2", "/home", "btrfs"),
                new DiskUsage.Mount("/dev/nvme0n1p2", "/var/log", "btrfs"),
                new DiskUsage.Mount("rpool/docker/4f2a", "/var/lib/docker/zfs/graph/4f2a", "zfs"),
                new DiskUsage.Mount("/dev/loop3", "/snap/core22/1564", "squashfs"),
                new DiskUsage.Mount("/dev/sr0", "/media/cdrom", "iso9660"),
                new DiskUsage.Mount("server:/export", "/mnt/nfs", "nfs4"),
                new DiskUsage.Mount("tmpfs", "/run", "tmpfs"));

        assertThat(DiskUsage.storage(table)).extracting(DiskUsage.Mount::mountPoint).containsExactly("/", "/home");
    }
}
