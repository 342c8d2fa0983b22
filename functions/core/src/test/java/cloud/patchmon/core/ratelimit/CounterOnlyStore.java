package cloud.patchmon.core.ratelimit;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.Page;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A fake of the storage port holding counters only, with the TTL rules of {@link ItemStore#increment}
 * (expiry set on creation, an expired counter starts again), so the window rules can be tested
 * against a fake clock without DynamoDB. It counts the increments it was asked for.
 */
final class CounterOnlyStore implements ItemStore {

    private record Counter(long value, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<ItemKey, Counter> counters = new HashMap<>();
    int increments;

    CounterOnlyStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized long increment(TenantContext ctx, ItemKey key, long delta, Instant expiresAt) {
        if (!key.belongsTo(ctx.tenantId())) {
            throw new IllegalArgumentException("key of another tenant");
        }
        increments++;
        Counter current = counters.get(key);
        if (current == null || !current.expiresAt().isAfter(clock.instant())) {
            current = new Counter(0, expiresAt);
        }
        Counter next = new Counter(current.value() + delta, current.expiresAt());
        counters.put(key, next);
        return next.value();
    }

    @Override
    public <T> Optional<T> get(TenantContext ctx, ItemKey key, Class<T> type) {
        return Optional.empty();
    }

    @Override
    public void put(TenantContext ctx, Item<?> item) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean putIfAbsent(TenantContext ctx, Item<?> item) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean replaceIf(TenantContext ctx, Item<?> item, String attribute, Object expected) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> Page<T> query(TenantContext ctx, QuerySpec spec, Class<T> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ItemKey> keys(TenantContext ctx, String partition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(TenantContext ctx, ItemKey key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean deleteIf(TenantContext ctx, ItemKey key, String attribute, String expected) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> Optional<T> take(TenantContext ctx, ItemKey key, Class<T> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public OptionalLong addInPeriod(TenantContext ctx, ItemKey key, String type, String period, long delta, long ceiling, Map<String, String> set) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Long> adjust(TenantContext ctx, ItemKey key, String type, Map<String, Long> add, Map<String, String> set) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Long> adjust(TenantContext ctx, ItemKey key, String type, Map<String, Long> add, Map<String, String> set, HighWater mark) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeZeroes(TenantContext ctx, ItemKey key, List<String> attributes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void writeAll(TenantContext ctx, List<Item<?>> puts, List<ItemKey> deletes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void transact(TenantContext ctx, List<Write> writes) {
        throw new UnsupportedOperationException();
    }
}
