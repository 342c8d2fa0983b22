package cloud.patchmon.core.realtime;

import cloud.patchmon.core.auth.Tokens;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One-time tickets that let a signed-in browser open the {@code ui} WebSocket (browsers cannot set headers on a
 * WebSocket upgrade, and a JWT in a URL would outlive the connection in logs). A ticket is good for
 * {@link #LIFETIME} and one connection: it is stored as its SHA-256 in the system tenant (the WebSocket's
 * {@code $connect} knows no tenant yet) and taken with one conditional delete, so a replay finds nothing.
 */
public final class WsTickets {

    public static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final TenantContext SYSTEM = TenantContext.system(Directory.SYSTEM, "ws-tickets");
    private static final String TICKETS = "WSTICKETS";
    private static final int MAX_TICKET_CHARS = 128;

    private final ItemStore store;
    private final Clock clock;

    public WsTickets(ItemStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What the browser gets: the ticket itself is never stored. */
    public record Ticket(String ticket, Instant expiresAt) {
    }

    /** Whom a ticket was issued to. */
    public record Holder(TenantId tenantId, String userId, Instant expiresAt) {
    }

    private static ItemKey key(String ticket) {
        return ItemKey.of(SYSTEM, TICKETS, Tokens.sha256(ticket));
    }

    /** @param user the signed-in user's context */
    public Ticket issue(TenantContext user) {
        if (user.principal().kind() != TenantContext.Principal.Kind.USER) {
            throw new IllegalArgumentException("tickets are for signed-in users");
        }
        String ticket = Tokens.random();
        Instant expiresAt = clock.instant().plus(LIFETIME);
        store.put(SYSTEM, Item.of(key(ticket), "ws_ticket", new Holder(user.tenantId(), user.principal().id(), expiresAt)).expiringAt(expiresAt));
        return new Ticket(ticket, expiresAt);
    }

    /** @return the holder the first time an unexpired ticket is presented; empty for a replayed, expired or made-up one */
    public Optional<Holder> consume(String ticket) {
        if (ticket == null || ticket.isBlank() || ticket.length() > MAX_TICKET_CHARS) {
            return Optional.empty();
        }
        return store.take(SYSTEM, key(ticket), Holder.class);
    }
}
