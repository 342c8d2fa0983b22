package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

import java.util.ArrayList;
import java.util.List;

/** Seconds since boot from {@code /proc/uptime}, and the human form the Host Detail page shows. */
final class Uptime {

    private final HostFiles files;

    Uptime(HostFiles files) {
        this.files = files;
    }

    /** Whole seconds since boot; {@code null} when unknown. */
    Long seconds() {
        String text = files.read("/proc/uptime").map(String::strip).orElse("");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return (long) Double.parseDouble(text.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** E.g. {@code 3 days, 4 hours, 12 minutes}; units that are zero are left out, under a minute is {@code 0 minutes}. */
    static String human(long seconds) {
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        List<String> parts = new ArrayList<>();
        add(parts, days, "day");
        add(parts, hours, "hour");
        add(parts, minutes, "minute");
        return parts.isEmpty() ? "0 minutes" : String.join(", ", parts);
    }

    private static void add(List<String> parts, long count, String unit) {
        if (count > 0) {
            parts.add(count + " " + unit + (count == 1 ? "" : "s"));
        }
    }
}
