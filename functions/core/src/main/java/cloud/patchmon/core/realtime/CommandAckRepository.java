package cloud.patchmon.core.realtime;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Duration;
import java.util.Optional;

/** The latest acknowledgement per job, in the host's partition (deleted with the host), kept 30 days. */
public final class CommandAckRepository {

    static final Duration RETENTION = Duration.ofDays(30);

    private final ItemStore store;

    public CommandAckRepository(ItemStore store) {
        this.store = store;
    }

    private static ItemKey key(TenantContext ctx, String hostId, String jobId) {
        return ItemKey.of(ctx, "HOST#" + hostId, "ACK#" + jobId);
    }

    public void save(TenantContext ctx, CommandAck ack) {
        store.put(ctx, Item.of(key(ctx, ack.hostId(), ack.jobId()), "command_ack", ack).expiringAt(ack.receivedAt().plus(RETENTION)));
    }

    public Optional<CommandAck> find(TenantContext ctx, String hostId, String jobId) {
        return store.get(ctx, key(ctx, hostId, jobId), CommandAck.class);
    }
}
