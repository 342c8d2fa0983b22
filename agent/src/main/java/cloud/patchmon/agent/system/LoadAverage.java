package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

import java.util.List;

/** The 1, 5 and 15 minute load averages of {@code /proc/loadavg}. */
final class LoadAverage {

    private final HostFiles files;

    LoadAverage(HostFiles files) {
        this.files = files;
    }

    /** Three values, or none when the file is missing or malformed. */
    List<Double> read() {
        String[] fields = files.read("/proc/loadavg").map(String::strip).orElse("").split("\\s+");
        if (fields.length < 3) {
            return List.of();
        }
        try {
            return List.of(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
        } catch (NumberFormatException e) {
            return List.of();
        }
    }
}
