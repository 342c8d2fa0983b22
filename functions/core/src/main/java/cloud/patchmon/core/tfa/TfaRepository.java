package cloud.patchmon.core.tfa;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.List;
import java.util.Optional;

/** 2FA state and trusted devices, stored under their user like sessions. */
public final class TfaRepository {

    private final ItemStore store;

    public TfaRepository(ItemStore store) {
        this.store = store;
    }

    private static ItemKey stateKey(TenantContext ctx, String userId) {
        return ItemKey.of(ctx, "USER#" + userId, "TFA");
    }

    private static ItemKey deviceKey(TenantContext ctx, String userId, String deviceId) {
        return ItemKey.of(ctx, "USER#" + userId, "DEVICE#" + deviceId);
    }

    public TfaState state(TenantContext ctx, String userId) {
        return store.get(ctx, stateKey(ctx, userId), TfaState.class).orElseGet(TfaState::empty);
    }

    /** @return {@code false} when the state changed since {@code state}'s previous version was read */
    public boolean saveState(TenantContext ctx, String userId, TfaState state) {
        return store.replaceIf(ctx, Item.of(stateKey(ctx, userId), "tfa", state), "version", state.version() == 1 ? null : state.version() - 1);
    }

    public void deleteState(TenantContext ctx, String userId) {
        store.delete(ctx, stateKey(ctx, userId));
    }

    public void saveDevice(TenantContext ctx, TrustedDevice device) {
        store.put(ctx, Item.of(deviceKey(ctx, device.userId(), device.id()), "trusted_device", device).expiringAt(device.expiresAt()));
    }

    public Optional<TrustedDevice> device(TenantContext ctx, String userId, String deviceId) {
        return store.get(ctx, deviceKey(ctx, userId, deviceId), TrustedDevice.class);
    }

    public List<TrustedDevice> devices(TenantContext ctx, String userId) {
        return store.query(ctx, QuerySpec.partition("USER#" + userId).sortBeginsWith("DEVICE#").limit(QuerySpec.MAX_LIMIT), TrustedDevice.class).items();
    }

    public boolean deleteDevice(TenantContext ctx, String userId, String deviceId) {
        return store.delete(ctx, deviceKey(ctx, userId, deviceId));
    }

    public int deleteDevices(TenantContext ctx, String userId) {
        List<TrustedDevice> devices = devices(ctx, userId);
        devices.forEach(d -> store.delete(ctx, deviceKey(ctx, userId, d.id())));
        return devices.size();
    }
}
