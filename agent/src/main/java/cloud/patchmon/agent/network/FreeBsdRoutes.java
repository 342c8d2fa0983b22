package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** FreeBSD's default routes from {@code netstat -rn}: its "Internet:" and "Internet6:" tables. */
final class FreeBsdRoutes {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The default routes of both families; FreeBSD keeps one per family in the main FIB, so there is no metric to weigh. */
    record Defaults(Optional<RouteTable.DefaultRoute> ipv4, Optional<RouteTable.DefaultRoute> ipv6) {
    }

    private final CommandRunner commands;

    FreeBsdRoutes(CommandRunner commands) {
        this.commands = commands;
    }

    Defaults read() {
        if (!commands.isAvailable("netstat")) {
            return new Defaults(Optional.empty(), Optional.empty());
        }
        try {
            CommandResult result = commands.run(List.of("netstat", "-rn"), TIMEOUT);
            return result.succeeded() ? parse(result.stdout()) : new Defaults(Optional.empty(), Optional.empty());
        } catch (IOException e) {
            return new Defaults(Optional.empty(), Optional.empty());
        }
    }

    /** Rows: Destination Gateway Flags Netif [Expire]; {@code link#N} is a route to a link, not a gateway. */
    static Defaults parse(String output) {
        Optional<RouteTable.DefaultRoute> v4 = Optional.empty();
        Optional<RouteTable.DefaultRoute> v6 = Optional.empty();
        String table = "";
        for (String line : output.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.equals("Internet:") || trimmed.equals("Internet6:")) {
                table = trimmed;
                continue;
            }
            String[] f = trimmed.split("\\s+");
            if (f.length < 4 || !f[0].equals("default")) {
                continue;
            }
            String gateway = f[2].contains("G") ? f[1].replaceFirst("%.*$", "") : null;
            RouteTable.DefaultRoute route = new RouteTable.DefaultRoute(f[3], gateway, 0);
            if (table.equals("Internet:") && v4.isEmpty()) {
                v4 = Optional.of(route);
            } else if (table.equals("Internet6:") && v6.isEmpty()) {
                v6 = Optional.of(route);
            }
        }
        return new Defaults(v4, v6);
    }
}
