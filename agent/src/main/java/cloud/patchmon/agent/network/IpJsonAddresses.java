package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.protocol.NetworkInterface.Address;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Addresses per interface from iproute2's {@code ip -j addr show}. Empty when there is no {@code ip}, or
 * one that cannot print JSON (BusyBox, iproute2 before 4.13): the caller then falls back to other sources.
 */
final class IpJsonAddresses {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CommandRunner commands;
    private final ObjectMapper json = new ObjectMapper();

    IpJsonAddresses(CommandRunner commands) {
        this.commands = commands;
    }

    Optional<Map<String, List<Address>>> read() {
        if (!commands.isAvailable("ip")) {
            return Optional.empty();
        }
        try {
            CommandResult result = commands.run(List.of("ip", "-j", "addr", "show"), TIMEOUT);
            return result.succeeded() ? parse(result.stdout()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Optional<Map<String, List<Address>>> parse(String output) {
        JsonNode links;
        try {
            links = json.readTree(output);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (links == null || !links.isArray()) {
            return Optional.empty();
        }
        Map<String, List<Address>> byInterface = new LinkedHashMap<>();
        for (JsonNode link : links) {
            List<Address> addresses = new ArrayList<>();
            for (JsonNode info : link.path("addr_info")) {
                String family = info.path("family").asText();
                String local = info.path("local").asText("");
                // Privacy addresses rotate daily; reporting them would change the interfaces hash every day.
                boolean temporary = info.path("temporary").asBoolean(false);
                if ((family.equals("inet") || family.equals("inet6")) && !local.isEmpty() && !temporary) {
                    addresses.add(new Address(local, family, "/" + info.path("prefixlen").asInt(), null));
                }
            }
            byInterface.put(link.path("ifname").asText(), addresses);
        }
        return Optional.of(byInterface);
    }
}
