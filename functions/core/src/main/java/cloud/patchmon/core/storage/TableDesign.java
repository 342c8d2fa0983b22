package cloud.patchmon.core.storage;

import java.util.List;

/**
 * The physical design of the single table, shared by the DynamoDB adapter, the local stack's
 * table provisioning and the CDK app, so the three can never disagree. See STORAGE.md.
 */
public final class TableDesign {

    public static final String PARTITION_KEY = "PK";
    public static final String SORT_KEY = "SK";
    /** Epoch seconds; DynamoDB deletes expired items late, so readers filter on it too. */
    public static final String TTL_ATTRIBUTE = "TTL";
    public static final String TYPE_ATTRIBUTE = "_type";
    public static final String DEFAULT_TABLE_NAME = "patchmon";

    private TableDesign() {
    }

    /** A global secondary index: keys are strings, projection is ALL. */
    public enum Index {
        GSI1("GSI1", "GSI1PK", "GSI1SK"),
        GSI2("GSI2", "GSI2PK", "GSI2SK");

        private final String indexName;
        private final String partitionAttribute;
        private final String sortAttribute;

        Index(String indexName, String partitionAttribute, String sortAttribute) {
            this.indexName = indexName;
            this.partitionAttribute = partitionAttribute;
            this.sortAttribute = sortAttribute;
        }

        public String indexName() {
            return indexName;
        }

        public String partitionAttribute() {
            return partitionAttribute;
        }

        public String sortAttribute() {
            return sortAttribute;
        }
    }

    /** What a deployment or provisioner needs to create the table. */
    public record TableSpec(String tableName, String partitionKey, String sortKey,
                            List<Index> indexes, String ttlAttribute) {
        public TableSpec {
            indexes = List.copyOf(indexes);
        }
    }

    public static TableSpec mainTable(String tableName) {
        return new TableSpec(tableName, PARTITION_KEY, SORT_KEY, List.of(Index.values()), TTL_ATTRIBUTE);
    }

    /** Attribute names the store owns; an item's own fields may not use them. */
    static boolean isReserved(String attribute) {
        if (attribute.equals(PARTITION_KEY) || attribute.equals(SORT_KEY)
                || attribute.equals(TTL_ATTRIBUTE) || attribute.equals(TYPE_ATTRIBUTE)) {
            return true;
        }
        for (Index index : Index.values()) {
            if (attribute.equals(index.partitionAttribute()) || attribute.equals(index.sortAttribute())) {
                return true;
            }
        }
        return false;
    }
}
