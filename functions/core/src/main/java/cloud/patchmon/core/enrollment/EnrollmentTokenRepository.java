package cloud.patchmon.core.enrollment;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Tokens of a tenant, their usage counters, and the cross-tenant lookup enrolment scripts need:
 * token key → (tenant, token), in the system tenant, written before the token and verified by
 * readers (like the agents' API IDs).
 */
public final class EnrollmentTokenRepository {

    private static final String TOKENS = "AE_TOKENS";
    private static final String USAGE = "AE_USAGE";
    private static final TenantContext SYSTEM = TenantContext.system(Directory.SYSTEM, "auto-enrollment");

    private final ItemStore store;

    public EnrollmentTokenRepository(ItemStore store) {
        this.store = store;
    }

    /** Where a token key leads. */
    public record KeyEntry(TenantId tenantId, String tokenId) {
    }

    private static ItemKey key(TenantContext ctx, String tokenId) {
        return ItemKey.of(ctx, TOKENS, "TOKEN#" + tokenId);
    }

    private static ItemKey usageKey(TenantContext ctx, String tokenId) {
        return ItemKey.of(ctx, USAGE, "TOKEN#" + tokenId);
    }

    private static ItemKey lookupKey(String tokenKey) {
        return ItemKey.of(SYSTEM, "AE_KEYS", tokenKey);
    }

    public void create(TenantContext ctx, EnrollmentToken token) {
        store.put(SYSTEM, Item.of(lookupKey(token.tokenKey()), "enrollment_token_key", new KeyEntry(ctx.tenantId(), token.id())));
        if (!store.putIfAbsent(ctx, Item.of(key(ctx, token.id()), "enrollment_token", token))) {
            throw new IllegalStateException("token id collision");
        }
    }

    /** @return {@code false} (nothing written) when the token was deleted meanwhile: an edit never resurrects it */
    public boolean update(TenantContext ctx, EnrollmentToken token) {
        return store.replaceIf(ctx, Item.of(key(ctx, token.id()), "enrollment_token", token), "id", token.id());
    }

    public void delete(TenantContext ctx, EnrollmentToken token) {
        store.transact(ctx, List.of(new Write.Delete(key(ctx, token.id()), true), new Write.Delete(usageKey(ctx, token.id()), false)));
        store.delete(SYSTEM, lookupKey(token.tokenKey()));
    }

    public Optional<EnrollmentToken> find(TenantContext ctx, String tokenId) {
        return store.get(ctx, key(ctx, tokenId), EnrollmentToken.class);
    }

    public List<EnrollmentToken> list(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(TOKENS).sortBeginsWith("TOKEN#").limit(QuerySpec.MAX_LIMIT), EnrollmentToken.class);
    }

    public Optional<KeyEntry> lookup(String tokenKey) {
        return store.get(SYSTEM, lookupKey(tokenKey), KeyEntry.class);
    }

    public Optional<TokenUsage> usage(TenantContext ctx, String tokenId) {
        return store.get(ctx, usageKey(ctx, tokenId), TokenUsage.class);
    }

    /** Usage of every token of the tenant, by token id, in one query. */
    public Map<String, TokenUsage> usages(TenantContext ctx) {
        Map<String, TokenUsage> byToken = new java.util.HashMap<>();
        store.queryAll(ctx, QuerySpec.partition(USAGE).sortBeginsWith("TOKEN#").limit(QuerySpec.MAX_LIMIT), UsageRow.class)
                .forEach(row -> byToken.put(row.tokenId(), new TokenUsage(row.period(), row.count(), row.lastUsedAt())));
        return byToken;
    }

    /** The usage item as stored: it names its token so a query of all usages can be keyed. */
    record UsageRow(String tokenId, String period, long count, Instant lastUsedAt) {
    }

    /**
     * Counts {@code hosts} enrolments on {@code day} if the token's daily limit leaves room, and
     * records the use; one conditional UpdateItem in the common case.
     *
     * @return the day's count afterwards, or empty (nothing counted) when the limit would be passed
     */
    public OptionalLong count(TenantContext ctx, String tokenId, String day, int hosts, int limit, Instant now) {
        return store.addInPeriod(ctx, usageKey(ctx, tokenId), "enrollment_token_usage", day, hosts, limit,
                Map.of("tokenId", tokenId, "lastUsedAt", now.toString()));
    }

    /** Records a use of the token without touching its daily count: one UpdateItem, no read. */
    public void touch(TenantContext ctx, String tokenId, Instant now) {
        store.adjust(ctx, usageKey(ctx, tokenId), "enrollment_token_usage", Map.of(), Map.of("tokenId", tokenId, "lastUsedAt", now.toString()));
    }

    /** Gives back counted enrolments that did not happen; never touches another day's count. */
    public void refund(TenantContext ctx, String tokenId, String day, int hosts) {
        if (hosts > 0) {
            store.addInPeriod(ctx, usageKey(ctx, tokenId), "enrollment_token_usage", day, -hosts, Long.MAX_VALUE, Map.of("tokenId", tokenId));
        }
    }
}
