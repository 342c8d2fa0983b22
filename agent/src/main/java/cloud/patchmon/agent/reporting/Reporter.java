package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.server.ServerClient;
import cloud.patchmon.agent.server.ServerException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One reporting cycle of the hash-gated protocol (AGENT-PROTOCOL.md "Check-in"): collect, check in with
 * the section hashes, then send only what the server says is stale — or everything on a full cycle, when
 * the server does not gate by hash, or when a stale section is empty here (a partial report may not claim
 * an empty section).
 */
public final class Reporter {

    private static final System.Logger LOG = System.getLogger(Reporter.class.getName());

    private final InventorySource source;
    private final ServerClient server;
    private final Payloads payloads;

    public Reporter(InventorySource source, ServerClient server, Payloads payloads) {
        this.source = source;
        this.server = server;
        this.payloads = payloads;
    }

    /**
     * What a cycle did.
     *
     * @param sent      {@code full}, {@code partial} or {@code none} (the check-in found nothing stale)
     * @param sections  the sections a partial report carried
     */
    public record Outcome(String sent, Set<String> sections, int packages, int updates, int securityUpdates) {
    }

    /**
     * @param full          send a full report whatever the check-in answers (start-up, every 24th cycle, {@code report})
     * @param agentStartup  tell the server this is the first check-in since the agent started
     */
    public Outcome cycle(boolean full, boolean agentStartup) throws IOException, ServerException, InterruptedException {
        Inventory inventory = source.collect();
        JsonNode ping = server.post("/hosts/ping", payloads.ping(inventory, agentStartup));
        if (full || !ping.path("hashGate").asBoolean(false)) {
            return sendFull(inventory);
        }
        Set<String> stale = new LinkedHashSet<>();
        for (JsonNode section : ping.path("requestFull")) {
            if (Payloads.REPORT_SECTIONS.contains(section.asText())) {
                stale.add(section.asText());
            } else {
                LOG.log(System.Logger.Level.DEBUG, "server asked for section {0}, which this agent does not report over /hosts/update", section.asText());
            }
        }
        if (stale.isEmpty()) {
            return new Outcome("none", Set.of(), inventory.packages().size(), (int) inventory.updates(), (int) inventory.securityUpdates());
        }
        if (stale.stream().anyMatch(section -> Payloads.isEmpty(inventory, section))) {
            return sendFull(inventory);
        }
        JsonNode answer = server.post("/hosts/update", payloads.partial(inventory, stale));
        return outcome("partial", stale, answer, inventory);
    }

    private Outcome sendFull(Inventory inventory) throws ServerException, InterruptedException {
        if (inventory.packages().isEmpty()) {
            throw new ServerException(0, "no packages were found on this host; a report needs at least one", null);
        }
        JsonNode answer = server.post("/hosts/update", payloads.full(inventory));
        return outcome("full", Set.copyOf(Payloads.REPORT_SECTIONS), answer, inventory);
    }

    private static Outcome outcome(String sent, Set<String> sections, JsonNode answer, Inventory inventory) {
        return new Outcome(sent, sections, answer.path("packagesProcessed").asInt(inventory.packages().size()),
                answer.path("updatesAvailable").asInt((int) inventory.updates()),
                answer.path("securityUpdates").asInt((int) inventory.securityUpdates()));
    }
}
