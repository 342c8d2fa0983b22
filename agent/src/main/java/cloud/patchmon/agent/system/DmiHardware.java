package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

import java.util.Locale;
import java.util.Set;

/**
 * Vendor, product and serial number from the firmware's DMI tables ({@code /sys/class/dmi/id}). The serial
 * is readable by root only; containers and most ARM boards have no DMI at all.
 */
final class DmiHardware {

    /** What board vendors leave in fields they did not fill. */
    private static final Set<String> PLACEHOLDERS = Set.of("", "to be filled by o.e.m.", "default string", "not specified",
            "system product name", "system manufacturer", "system serial number", "none", "0", "n/a");

    private final HostFiles files;

    DmiHardware(HostFiles files) {
        this.files = files;
    }

    /** {@code null} when none of the three is known. */
    SystemInfo.Hardware read() {
        String vendor = field("sys_vendor");
        String product = field("product_name");
        String serial = field("product_serial");
        return vendor == null && product == null && serial == null ? null : new SystemInfo.Hardware(vendor, product, serial);
    }

    private String field(String name) {
        String value = files.read("/sys/class/dmi/id/" + name).map(String::strip).orElse("");
        return PLACEHOLDERS.contains(value.toLowerCase(Locale.ROOT)) ? null : value;
    }
}
