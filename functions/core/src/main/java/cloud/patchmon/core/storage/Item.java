package cloud.patchmon.core.storage;

import cloud.patchmon.core.storage.TableDesign.Index;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One item to write: its key, a type tag, the value (a record serialised to attributes), optional
 * secondary index keys and an optional expiry.
 */
public record Item<T>(ItemKey key, String type, T value, Map<Index, ItemKey> indexKeys, Instant expiresAt) {

    public Item {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("item type is required");
        }
        indexKeys = indexKeys.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(indexKeys));
    }

    public static <T> Item<T> of(ItemKey key, String type, T value) {
        return new Item<>(key, type, value, Map.of(), null);
    }

    public Item<T> withIndex(Index index, ItemKey indexKey) {
        Map<Index, ItemKey> keys = new EnumMap<>(Index.class);
        keys.putAll(indexKeys);
        keys.put(index, indexKey);
        return new Item<>(key, type, value, keys, expiresAt);
    }

    public Item<T> expiringAt(Instant instant) {
        return new Item<>(key, type, value, indexKeys, Objects.requireNonNull(instant));
    }
}
