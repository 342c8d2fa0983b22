package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.HostFiles;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resolvers the host uses, from resolv.conf. Where {@code /etc/resolv.conf} points at systemd-resolved's
 * local stub (127.0.0.53, or 127.0.0.54 in proxy mode) the servers behind it, from
 * {@code /run/systemd/resolve/resolv.conf}, are the ones worth showing.
 */
final class ResolvConf {

    private static final Set<String> RESOLVED_STUBS = Set.of("127.0.0.53", "127.0.0.54");

    private final HostFiles files;

    ResolvConf(HostFiles files) {
        this.files = files;
    }

    /** Nameservers in file order, without duplicates. */
    List<String> servers() {
        List<String> configured = nameservers("/etc/resolv.conf");
        if (configured.isEmpty() || configured.stream().anyMatch(RESOLVED_STUBS::contains)) {
            List<String> upstream = nameservers("/run/systemd/resolve/resolv.conf");
            if (!upstream.isEmpty()) {
                return upstream;
            }
        }
        return configured;
    }

    private List<String> nameservers(String file) {
        Set<String> servers = new LinkedHashSet<>();
        for (String line : files.lines(file)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 2 && fields[0].equals("nameserver")) {
                servers.add(fields[1]);
            }
        }
        return List.copyOf(servers);
    }
}
