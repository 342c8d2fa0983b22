package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's storage: filesystems on block devices (and ZFS datasets) from the mount table, with sizes
 * from {@code df -P -k} run on exactly those mount points, so a hung network mount cannot stall it.
 * Memory-backed and virtual filesystems, read-only images (squashfs, ISO) and container storage under
 * {@code /var/lib/docker} or {@code /var/lib/containers} are left out; a device mounted twice (bind
 * mounts, btrfs subvolumes) is listed once, at its first mount point.
 *
 * <p>Sizes read like {@code df -h} prints them: powers of 1024, rounded up, one decimal below 10, suffix
 * {@code K}/{@code M}/{@code G}/{@code T}/{@code P} without a {@code B} (e.g. {@code 252G}, {@code 4.0K}).
 */
final class DiskUsage {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Set<String> NOT_STORAGE = Set.of("tmpfs", "devtmpfs", "ramfs", "squashfs", "overlay", "iso9660", "udf",
            "devfs", "fdescfs", "procfs", "nullfs");

    private static final List<String> CONTAINER_STORAGE = List.of("/var/lib/docker/", "/var/lib/containers/");

    /** A POSIX df line: device, 1024-blocks, used, available, capacity, mount point (which may hold spaces). */
    private static final Pattern DF_LINE = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)%\\s+(.+)$");

    private static final String UNITS = "KMGTPE";

    /** One row of the mount table. */
    record Mount(String device, String mountPoint, String fileSystem) {
    }

    private final HostFiles files;
    private final CommandRunner commands;

    DiskUsage(HostFiles files, CommandRunner commands) {
        this.files = files;
        this.commands = commands;
    }

    /** The disks in mount-table order; none when the mount table or df is unavailable. */
    List<SystemInfo.Disk> read() {
        List<Mount> mounts = storage(mountTable());
        if (mounts.isEmpty() || !commands.isAvailable("df")) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of("df", "-P", "-k"));
        mounts.forEach(m -> command.add(m.mountPoint()));
        String output;
        try {
            // df exits 1 when one mount point cannot be read but still prints the others.
            output = commands.run(command, TIMEOUT).stdout();
        } catch (IOException e) {
            return List.of();
        }
        Map<String, Matcher> byMountPoint = new HashMap<>();
        for (String line : output.lines().toList()) {
            Matcher m = DF_LINE.matcher(line);
            if (m.matches()) {
                byMountPoint.put(m.group(6), m);
            }
        }
        List<SystemInfo.Disk> disks = new ArrayList<>();
        for (Mount mount : mounts) {
            Matcher df = byMountPoint.get(mount.mountPoint());
            if (df != null) {
                disks.add(new SystemInfo.Disk(mount.device(), mount.mountPoint(), mount.fileSystem(),
                        human(Long.parseLong(df.group(2))), human(Long.parseLong(df.group(3))), human(Long.parseLong(df.group(4))),
                        Integer.parseInt(df.group(5))));
            }
        }
        return disks;
    }

    /** {@code /proc/mounts}; FreeBSD has no procfs mount table but prints one in fstab form with {@code mount -p}. */
    private List<Mount> mountTable() {
        List<String> lines = files.lines("/proc/mounts");
        if (lines.isEmpty() && Platform.isFreeBsd(files) && commands.isAvailable("mount")) {
            try {
                CommandResult result = commands.run(List.of("mount", "-p"), TIMEOUT);
                lines = result.succeeded() ? result.stdout().lines().toList() : List.of();
            } catch (IOException e) {
                lines = List.of();
            }
        }
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 3) {
                mounts.add(new Mount(unescape(fields[0]), unescape(fields[1]), fields[2]));
            }
        }
        return mounts;
    }

    static List<Mount> storage(List<Mount> table) {
        Map<String, Mount> byDevice = new LinkedHashMap<>();
        for (Mount mount : table) {
            boolean blockOrZfs = mount.device().startsWith("/dev/") || mount.fileSystem().equals("zfs");
            boolean containerLayer = CONTAINER_STORAGE.stream().anyMatch(mount.mountPoint()::startsWith);
            if (blockOrZfs && !containerLayer && !NOT_STORAGE.contains(mount.fileSystem())) {
                byDevice.putIfAbsent(mount.device(), mount);
            }
        }
        return List.copyOf(byDevice.values());
    }

    /** The mount table escapes space, tab, newline and backslash as octal ({@code \040}). */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    /** {@code kib} as {@code df -h} prints it (GNU coreutils' ceiling rounding). */
    static String human(long kib) {
        if (kib == 0) {
            return "0";
        }
        double amount = kib;
        int unit = 0;
        while (amount >= 1024 && unit < UNITS.length() - 1) {
            amount /= 1024;
            unit++;
        }
        if (amount < 10) {
            double tenths = Math.ceil(amount * 10) / 10;
            if (tenths < 10) {
                return String.format(Locale.ROOT, "%.1f%c", tenths, UNITS.charAt(unit));
            }
            amount = tenths;
        }
        long whole = (long) Math.ceil(amount);
        if (whole >= 1024 && unit < UNITS.length() - 1) {
            return "1.0" + UNITS.charAt(unit + 1);
        }
        return whole + String.valueOf(UNITS.charAt(unit));
    }
}
