package cloud.patchmon.core.tenants;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The only cross-tenant lookups: organisation slug → tenant, and sign-in name → (tenant, user).
 * They live in the reserved {@code system} tenant. Entries are written before the tenant's own
 * items, so a crash can leave an entry that points nowhere but never a user that cannot sign
 * in; readers therefore always check that the target exists.
 */
public final class Directory {

    /** Signup generates UUID tenant ids, so this id can never be a customer's. */
    public static final TenantId SYSTEM = new TenantId("system");
    private static final TenantContext CTX = TenantContext.system(SYSTEM, "directory");

    private final ItemStore store;

    public Directory(ItemStore store) {
        this.store = store;
    }

    /** A slug claim: who holds it, since when. */
    public record SlugClaim(TenantId tenantId, Instant claimedAt) {
    }

    /** A sign-in name (username or email, lowercased) of a user in a tenant. */
    public record LoginEntry(TenantId tenantId, String userId) {
    }

    /** @return whether the slug is now held by {@code tenant} */
    public boolean claimSlug(String slug, TenantId tenant, Instant now) {
        return store.putIfAbsent(CTX, Item.of(slugKey(slug), "slug_claim", new SlugClaim(tenant, now)));
    }

    /** Takes over a claim whose holder never finished its sign-up. */
    public void replaceSlugClaim(String slug, TenantId tenant, Instant now) {
        store.put(CTX, Item.of(slugKey(slug), "slug_claim", new SlugClaim(tenant, now)));
    }

    public Optional<SlugClaim> slug(String slug) {
        return store.get(CTX, slugKey(slug), SlugClaim.class);
    }

    /**
     * Every tenant holding a slug: each signed-up tenant holds exactly one. A claim whose sign-up
     * never finished names a tenant that does not exist; callers check.
     */
    public List<TenantId> tenantIds() {
        return store.queryAll(CTX, QuerySpec.partition("SLUGS").limit(QuerySpec.MAX_LIMIT), SlugClaim.class).stream()
                .map(SlugClaim::tenantId).distinct().toList();
    }

    public void releaseSlug(String slug) {
        store.delete(CTX, slugKey(slug));
    }

    public void addLogin(String name, TenantId tenant, String userId) {
        store.put(CTX, Item.of(loginKey(name, tenant, userId), "login_entry", new LoginEntry(tenant, userId)));
    }

    public void removeLogin(String name, TenantId tenant, String userId) {
        store.delete(CTX, loginKey(name, tenant, userId));
    }

    public List<LoginEntry> logins(String name) {
        return store.query(CTX, QuerySpec.partition("LOGIN#" + normalise(name)).limit(100), LoginEntry.class).items();
    }

    public static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static ItemKey slugKey(String slug) {
        return ItemKey.of(CTX, "SLUGS", slug);
    }

    private static ItemKey loginKey(String name, TenantId tenant, String userId) {
        return ItemKey.of(CTX, "LOGIN#" + normalise(name), tenant.value() + "#" + userId);
    }
}
