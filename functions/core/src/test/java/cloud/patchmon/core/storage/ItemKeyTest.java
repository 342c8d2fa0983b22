package cloud.patchmon.core.storage;

import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemKeyTest {

    private final TenantContext ctx = TenantContext.system(new TenantId("acme"), "test");

    @Test
    void prefixesThePartitionWithTheTenant() {
        ItemKey key = ItemKey.of(ctx, "HOST#42", "PKG#openssl");

        assertThat(key.pk()).isEqualTo("T#acme#HOST#42");
        assertThat(key.partition()).isEqualTo("HOST#42");
        assertThat(key.belongsTo(new TenantId("acme"))).isTrue();
    }

    @Test
    void aTenantIsNotMistakenForAnotherWhoseIdItPrefixes() {
        ItemKey key = ItemKey.of(TenantContext.system(new TenantId("acme-eu"), "t"), "HOSTS", "x");

        assertThat(key.belongsTo(new TenantId("acme"))).isFalse();
    }

    @Test
    void refusesKeysWithoutATenant() {
        assertThatThrownBy(() -> new ItemKey("HOSTS", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ItemKey.of(ctx, "", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenantIdsCannotContainTheKeySeparator() {
        assertThatThrownBy(() -> new TenantId("a#b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantId("UPPER")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantId("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TenantId.random().value()).matches("[a-f0-9-]{36}");
    }
}
