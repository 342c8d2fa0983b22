package cloud.patchmon.core.storage;

import cloud.patchmon.core.storage.TableDesign.Index;

import java.util.Objects;

/**
 * A query inside one partition of the caller's tenant, on the table or on a secondary index.
 *
 * @param index      {@code null} for the table itself
 * @param partition  the partition without the tenant prefix (the store adds it)
 * @param sortPrefix only sort keys starting with this; empty for all
 * @param limit      maximum items in one page, 1..1000
 * @param cursor     opaque cursor from a previous {@link Page}, or {@code null}
 * @param ascending  sort-key order
 */
public record QuerySpec(Index index, String partition, String sortPrefix, int limit, String cursor,
                        boolean ascending) {

    public static final int MAX_LIMIT = 1000;

    public QuerySpec {
        if (partition == null || partition.isEmpty()) {
            throw new IllegalArgumentException("partition is required");
        }
        Objects.requireNonNull(sortPrefix, "sortPrefix");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static QuerySpec partition(String partition) {
        return new QuerySpec(null, partition, "", 100, null, true);
    }

    public static QuerySpec index(Index index, String partition) {
        return new QuerySpec(Objects.requireNonNull(index), partition, "", 100, null, true);
    }

    public QuerySpec sortBeginsWith(String prefix) {
        return new QuerySpec(index, partition, prefix, limit, cursor, ascending);
    }

    public QuerySpec limit(int max) {
        return new QuerySpec(index, partition, sortPrefix, max, cursor, ascending);
    }

    public QuerySpec after(String nextCursor) {
        return new QuerySpec(index, partition, sortPrefix, limit, nextCursor, ascending);
    }

    public QuerySpec descending() {
        return new QuerySpec(index, partition, sortPrefix, limit, cursor, false);
    }
}
