package cloud.patchmon.core.storage;

import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The storage port. Every operation names its tenant and is refused for keys of another tenant;
 * expired items are invisible even before DynamoDB's TTL sweep removes them.
 */
public interface ItemStore {

    void put(TenantContext ctx, Item<?> item);

    /** @return {@code false} (and nothing written) when an item with that key already exists */
    boolean putIfAbsent(TenantContext ctx, Item<?> item);

    /**
     * Replaces an item only if its {@code attribute} still holds {@code expected} (optimistic
     * locking; {@code null} means the item or attribute must not exist yet).
     *
     * @return {@code false} (and nothing written) when another writer got there first
     */
    boolean replaceIf(TenantContext ctx, Item<?> item, String attribute, Object expected);

    <T> Optional<T> get(TenantContext ctx, ItemKey key, Class<T> type);

    <T> Page<T> query(TenantContext ctx, QuerySpec spec, Class<T> type);

    /**
     * Many items by key, in the order of {@code keys}; missing and expired ones are left out. Eventually consistent
     * (half the read units of {@link #get}): for showing a page whose keys came from a query, itself eventually
     * consistent. The default reads them one by one; the DynamoDB store batches them.
     */
    default <T> List<T> getAll(TenantContext ctx, List<ItemKey> keys, Class<T> type) {
        List<T> items = new java.util.ArrayList<>();
        for (ItemKey key : keys) {
            get(ctx, key, type).ifPresent(items::add);
        }
        return items;
    }

    /** Every item a query matches, following the cursor through all pages. */
    default <T> List<T> queryAll(TenantContext ctx, QuerySpec spec, Class<T> type) {
        List<T> items = new java.util.ArrayList<>();
        Page<T> page = query(ctx, spec, type);
        items.addAll(page.items());
        while (page.nextCursor().isPresent()) {
            page = query(ctx, spec.after(page.nextCursor().get()), type);
            items.addAll(page.items());
        }
        return items;
    }

    /** Every key in one partition of the tenant (all pages), e.g. to delete what a host owns. */
    List<ItemKey> keys(TenantContext ctx, String partition);

    /** @return whether an item was deleted */
    boolean delete(TenantContext ctx, ItemKey key);

    /**
     * Deletes an item only if its {@code attribute} still holds {@code expected}, so a writer that
     * replaced it meanwhile keeps its version.
     *
     * @return whether an item was deleted
     */
    boolean deleteIf(TenantContext ctx, ItemKey key, String attribute, String expected);

    /**
     * Deletes an unexpired item and returns it, in one conditional write: of two callers taking the same item, exactly
     * one gets it (single-use tokens).
     *
     * @return the item as it was, or empty when there was none (or it had expired, which is then left to TTL)
     */
    <T> Optional<T> take(TenantContext ctx, ItemKey key, Class<T> type);

    /**
     * Atomically adds {@code delta} to a counter item, creating it at zero first. The counter's
     * expiry is set when the item is created and kept afterwards, so a fixed window ends on time.
     *
     * @return the counter's value after the addition
     */
    long increment(TenantContext ctx, ItemKey key, long delta, Instant expiresAt);

    /**
     * Atomically adds {@code delta} to the {@code count} of a counter that belongs to one period
     * (a day, say): when the stored {@code period} differs, the counter restarts at {@code delta}
     * instead. Nothing is written when the result would pass {@code ceiling}; a negative delta
     * (a refund) never starts a new period. {@code set} attributes are written with the count.
     *
     * @return the count after the addition, or empty when nothing was written
     */
    OptionalLong addInPeriod(TenantContext ctx, ItemKey key, String type, String period, long delta, long ceiling, Map<String, String> set);

    /**
     * Atomically adds to numeric attributes of an item (creating it if needed) and sets others:
     * the way fleet-wide counters follow per-host changes without a read.
     *
     * @return every added attribute's value after the addition (the same response, no read): a caller tells from it
     *         whether a counter crossed zero, exactly, however many writers add at once
     */
    Map<String, Long> adjust(TenantContext ctx, ItemKey key, String type, Map<String, Long> add, Map<String, String> set);

    /**
     * A maximum kept without a read: {@code attribute} is set to {@code value}, and the {@code with}
     * attributes beside it, only while the item has no {@code attribute}, holds one that sorts at or
     * below {@code value} (strings compare by their UTF-8 bytes), or has a {@code restartCounter} that
     * is not positive: what the item counted is gone, so the maximum starts again.
     */
    record HighWater(String attribute, String value, Map<String, String> with, String restartCounter) {
    }

    /**
     * {@link #adjust}, raising a high-water mark in the same request. When the mark is not raised
     * the refused request costs its write and a second one makes the adjustment alone.
     *
     * @return as {@link #adjust(TenantContext, ItemKey, String, Map, Map)}
     */
    Map<String, Long> adjust(TenantContext ctx, ItemKey key, String type, Map<String, Long> add, Map<String, String> set, HighWater mark);

    /**
     * Removes numeric attributes of an item that hold zero, each only while it still does (a counter another writer
     * raised meanwhile stays): how counter bags drop the counters they no longer need without a read.
     */
    void removeZeroes(TenantContext ctx, ItemKey key, List<String> attributes);

    /**
     * Puts and deletes many items with batched requests (25 per call, unprocessed items retried).
     * Not atomic: each item is written exactly as asked, so repeating the call is harmless.
     */
    void writeAll(TenantContext ctx, List<Item<?>> puts, List<ItemKey> deletes);

    /**
     * Applies all writes or none (at most 100 items).
     *
     * @throws ConditionFailedException when a condition of any write does not hold
     */
    void transact(TenantContext ctx, List<Write> writes);
}
