package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.Tokens;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.secrets.SecretBox;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The install script's bootstrap token: instead of printing the API key into a script that may
 * be logged or cached, {@code GET /hosts/install} embeds a token that {@code POST
 * /hosts/bootstrap/exchange} trades once, within five minutes, for the host's credentials.
 * The key is kept sealed (tenant-bound AES-GCM) until the exchange and the token item is
 * deleted by a conditional delete, so two racing exchanges cannot both succeed.
 */
public final class BootstrapTokens {

    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final TenantContext SYSTEM = TenantContext.system(Directory.SYSTEM, "bootstrap");

    private final ItemStore store;
    private final SecretBox box;
    private final Clock clock;

    public BootstrapTokens(ItemStore store, SecretBox box, Clock clock) {
        this.store = store;
        this.box = box;
        this.clock = clock;
    }

    /** What a token stands for; the key stays sealed under the host's tenant. */
    public record Grant(TenantId tenantId, String hostId, String apiId, String sealedApiKey, Instant expiresAt) {
    }

    public record Exchanged(String apiId, String apiKey) {
    }

    private static ItemKey key(String tokenHash) {
        return ItemKey.of(SYSTEM, "BOOTSTRAP", tokenHash);
    }

    /** @return the token to embed in the install script */
    public String issue(TenantContext ctx, Host host, String apiKey) {
        String token = Tokens.random();
        Instant expires = clock.instant().plus(LIFETIME);
        store.put(SYSTEM, Item.of(key(Tokens.sha256(token)), "bootstrap_token",
                new Grant(ctx.tenantId(), host.id(), host.apiId(), box.seal(ctx, apiKey), expires)).expiringAt(expires));
        return token;
    }

    public Exchanged exchange(String token) {
        if (token == null || token.isBlank() || token.length() > 128) {
            throw DomainException.invalid("token", "Bootstrap token is required");
        }
        ItemKey key = key(Tokens.sha256(token.trim()));
        Grant grant = store.get(SYSTEM, key, Grant.class)
                .orElseThrow(() -> DomainException.unauthenticated("Invalid or expired bootstrap token"));
        try {
            store.transact(SYSTEM, List.of(new Write.Delete(key, true)));
        } catch (cloud.patchmon.core.storage.ConditionFailedException spent) {
            throw DomainException.unauthenticated("Invalid or expired bootstrap token");
        }
        TenantContext ctx = TenantContext.system(grant.tenantId(), "bootstrap");
        return new Exchanged(grant.apiId(), box.open(ctx, grant.sealedApiKey()));
    }
}
