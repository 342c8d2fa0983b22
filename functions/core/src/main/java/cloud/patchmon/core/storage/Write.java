package cloud.patchmon.core.storage;

/** One write inside an all-or-nothing transaction. */
public sealed interface Write {

    /** Puts an item; with {@code mustNotExist} the transaction fails if the key is taken. */
    record Put(Item<?> item, boolean mustNotExist) implements Write {
    }

    /** Deletes an item; with {@code mustExist} the transaction fails if it is absent. */
    record Delete(ItemKey key, boolean mustExist) implements Write {
    }
}
