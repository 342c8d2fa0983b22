package cloud.patchmon.core.tenants;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Optional;

/** The tenant record, its settings and its plan, inside the tenant's own partition. */
public final class TenantRepository {

    private static final String PARTITION = "TENANT";

    private final ItemStore store;

    public TenantRepository(ItemStore store) {
        this.store = store;
    }

    public static Item<Tenant> tenantItem(TenantContext ctx, Tenant tenant) {
        return Item.of(ItemKey.of(ctx, PARTITION, "TENANT"), "tenant", tenant);
    }

    public static Item<TenantSettings> settingsItem(TenantContext ctx, TenantSettings settings) {
        return Item.of(ItemKey.of(ctx, PARTITION, "SETTINGS"), "tenant_settings", settings);
    }

    public Optional<Tenant> find(TenantContext ctx) {
        return store.get(ctx, ItemKey.of(ctx, PARTITION, "TENANT"), Tenant.class);
    }

    public TenantSettings settings(TenantContext ctx) {
        return store.get(ctx, ItemKey.of(ctx, PARTITION, "SETTINGS"), TenantSettings.class).orElseGet(TenantSettings::defaults);
    }

    public Optional<TenantPlan> plan(TenantContext ctx) {
        return store.get(ctx, ItemKey.of(ctx, PARTITION, "PLAN"), TenantPlan.class);
    }

    public void savePlan(TenantContext ctx, TenantPlan plan) {
        store.put(ctx, Item.of(ItemKey.of(ctx, PARTITION, "PLAN"), "tenant_plan", plan));
    }

    public void saveSettings(TenantContext ctx, TenantSettings settings) {
        store.put(ctx, settingsItem(ctx, settings));
    }
}
