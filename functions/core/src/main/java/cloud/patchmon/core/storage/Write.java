package cloud.patchmon.core.storage;

/** One write inside an all-or-nothing transaction. */
public sealed interface Write {

    /** Puts an item; with {@code mustNotExist} the transaction fails if the key is taken. */
    record Put(Item<?> item, boolean mustNotExist) implements Write {
    }

    /**
     * Replaces an item only while its {@code attribute} holds {@code expected} ({@code null}: the attribute is absent,
     * the item must exist): optimistic locking inside a transaction.
     */
    record PutIf(Item<?> item, String attribute, Object expected) implements Write {
    }

    /** Deletes an item only while it exists and its {@code attribute} holds {@code expected} ({@code null}: absent). */
    record DeleteIf(ItemKey key, String attribute, Object expected) implements Write {
    }

    /** Deletes an item; with {@code mustExist} the transaction fails if it is absent. */
    record Delete(ItemKey key, boolean mustExist) implements Write {
    }

    /**
     * Adds to numeric attributes of an item (creating it if needed), as {@link ItemStore#adjust} does, but inside the
     * transaction: a counter that moves only when the rest of the transaction is written.
     */
    record Add(ItemKey key, String type, java.util.Map<String, Long> add) implements Write {
        public Add {
            add = java.util.Map.copyOf(add);
            if (add.isEmpty()) {
                throw new IllegalArgumentException("an Add needs at least one attribute");
            }
        }
    }
}
