package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Memory and swap from {@code /proc/meminfo}. */
final class MemInfo {

    /**
     * Sizes in KiB as the kernel counts them.
     *
     * @param availableKib memory available to new work without swapping: {@code MemAvailable}, or on
     *                     kernels before 3.14 {@code MemFree + Buffers + Cached}
     */
    record Memory(long totalKib, long availableKib, long swapTotalKib, long swapFreeKib) {

        long usedKib() {
            return Math.max(0, totalKib - availableKib);
        }

        long swapUsedKib() {
            return Math.max(0, swapTotalKib - swapFreeKib);
        }
    }

    private final HostFiles files;

    MemInfo(HostFiles files) {
        this.files = files;
    }

    /** Empty when the file is missing or has no {@code MemTotal}. */
    Optional<Memory> read() {
        return parse(files.lines("/proc/meminfo"));
    }

    static Optional<Memory> parse(List<String> lines) {
        Map<String, Long> kib = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] value = line.substring(colon + 1).strip().split("\\s+");
            try {
                kib.put(line.substring(0, colon).strip(), Long.parseLong(value[0]));
            } catch (NumberFormatException e) {
                // A field this reader does not use; meminfo's format is one number per line otherwise.
            }
        }
        Long total = kib.get("MemTotal");
        if (total == null) {
            return Optional.empty();
        }
        long available = kib.containsKey("MemAvailable")
                ? kib.get("MemAvailable")
                : kib.getOrDefault("MemFree", 0L) + kib.getOrDefault("Buffers", 0L) + kib.getOrDefault("Cached", 0L);
        return Optional.of(new Memory(total, Math.min(total, available), kib.getOrDefault("SwapTotal", 0L),
                kib.getOrDefault("SwapFree", 0L)));
    }
}
