package cloud.patchmon.core.testing;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.Page;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real store with a test's action run just before a chosen call: the way a test puts a second
 * request, or a failure, at an exact point of another request instead of hoping threads meet there.
 */
public final class HookedStore implements ItemStore {

    /** One call to the store: the method's name and the key it names ({@code null} for batches, transactions and queries). */
    public record Call(String method, ItemKey key) {

        /** A call of {@code method} on an item whose sort key is {@code sortKey}. */
        public static Predicate<Call> of(String method, String sortKey) {
            return call -> call.method().equals(method) && call.key() != null && call.key().sk().equals(sortKey);
        }

        public static Predicate<Call> of(String method) {
            return call -> call.method().equals(method);
        }
    }

    private record Hook(Predicate<Call> when, Runnable action, boolean once) {
    }

    private final ItemStore delegate;
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Boolean> inHook = ThreadLocal.withInitial(() -> false);

    public HookedStore(ItemStore delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code action} before the first call {@code when} matches; the action's own calls do not trigger it again. */
    public void beforeFirst(Predicate<Call> when, Runnable action) {
        hooks.add(new Hook(when, action, true));
    }

    /** Runs {@code action} before every call {@code when} matches, except calls the action itself makes. */
    public void beforeEach(Predicate<Call> when, Runnable action) {
        hooks.add(new Hook(when, action, false));
    }

    private void on(String method, ItemKey key) {
        if (inHook.get()) {
            return;
        }
        Call call = new Call(method, key);
        for (Hook hook : hooks) {
            if (hook.when().test(call) && (!hook.once() || hooks.remove(hook))) {
                inHook.set(true);
                try {
                    hook.action().run();
                } finally {
                    inHook.set(false);
                }
            }
        }
    }

    @Override
    public void put(TenantContext ctx, Item<?> item) {
        on("put", item.key());
        delegate.put(ctx, item);
    }

    @Override
    public boolean putIfAbsent(TenantContext ctx, Item<?> item) {
        on("putIfAbsent", item.key());
        return delegate.putIfAbsent(ctx, item);
    }

    @Override
    public boolean replaceIf(TenantContext ctx, Item<?> item, String attribute, Object expected) {
        on("replaceIf", item.key());
        return delegate.replaceIf(ctx, item, attribute, expected);
    }

    @Override
    public <T> Optional<T> get(TenantContext ctx, ItemKey key, Class<T> type) {
        on("get", key);
        return delegate.get(ctx, key, type);
    }

    @Override
    public <T> Page<T> query(TenantContext ctx, QuerySpec spec, Class<T> type) {
        on("query", null);
        return delegate.query(ctx, spec, type);
    }

    @Override
    public List<ItemKey> keys(TenantContext ctx, String partition) {
        on("keys", null);
        return delegate.keys(ctx, partition);
    }

    @Override
    public boolean delete(TenantContext ctx, ItemKey key) {
        on("delete", key);
        return delegate.delete(ctx, key);
    }

    @Override
    public boolean deleteIf(TenantContext ctx, ItemKey key, String attribute, String expected) {
        on("deleteIf", key);
        return delegate.deleteIf(ctx, key, attribute, expected);
    }

    @Override
    public <T> Optional<T> take(TenantContext ctx, ItemKey key, Class<T> type) {
        on("take", key);
        return delegate.take(ctx, key, type);
    }

    @Override
    public long increment(TenantContext ctx, ItemKey key, long delta, Instant expiresAt) {
        on("increment", key);
        return delegate.increment(ctx, key, delta, expiresAt);
    }

    @Override
    public OptionalLong addInPeriod(TenantContext ctx, ItemKey key, String type, String period, long delta, long ceiling, Map<String, String> set) {
        on("addInPeriod", key);
        return delegate.addInPeriod(ctx, key, type, period, delta, ceiling, set);
    }

    @Override
    public Map<String, Long> adjust(TenantContext ctx, ItemKey key, String type, Map<String, Long> add, Map<String, String> set) {
        on("adjust", key);
        return delegate.adjust(ctx, key, type, add, set);
    }

    @Override
    public Map<String, Long> adjust(TenantContext ctx, ItemKey key, String type, Map<String, Long> add, Map<String, String> set, HighWater mark) {
        on("adjust", key);
        return delegate.adjust(ctx, key, type, add, set, mark);
    }

    @Override
    public void removeZeroes(TenantContext ctx, ItemKey key, List<String> attributes) {
        on("removeZeroes", key);
        delegate.removeZeroes(ctx, key, attributes);
    }

    @Override
    public void writeAll(TenantContext ctx, List<Item<?>> puts, List<ItemKey> deletes) {
        on("writeAll", null);
        delegate.writeAll(ctx, puts, deletes);
    }

    @Override
    public void transact(TenantContext ctx, List<Write> writes) {
        on("transact", null);
        delegate.transact(ctx, writes);
    }
}
