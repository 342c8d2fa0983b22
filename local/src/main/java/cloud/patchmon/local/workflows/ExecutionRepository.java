package cloud.patchmon.local.workflows;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.TableDesign.Index;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.Directory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Local executions in the store, under the reserved {@code system} tenant: the interpreter stands in for an AWS
 * service and its executions are not tenant data (the inputs carry the tenant). One item per execution; while it
 * runs, its GSI1 key lists it among the open executions that a restart resumes. Closed executions expire after
 * 90 days, as Step Functions keeps them.
 */
final class ExecutionRepository {

    private static final TenantContext CTX = TenantContext.system(Directory.SYSTEM, "local-workflows");
    private static final String TYPE = "local_execution";
    private static final Duration RETENTION = Duration.ofDays(90);

    private final ItemStore store;

    ExecutionRepository(ItemStore store) {
        this.store = store;
    }

    Optional<ExecutionRecord> find(String executionArn) {
        return store.get(CTX, key(executionArn), ExecutionRecord.class);
    }

    boolean create(ExecutionRecord record) {
        return store.putIfAbsent(CTX, item(record));
    }

    /** Writes {@code record} (whose version is one more than {@code expectedVersion}) unless another writer came first. */
    boolean replace(ExecutionRecord record, long expectedVersion) {
        return store.replaceIf(CTX, item(record), "version", expectedVersion);
    }

    /** Writes the next version unless another writer changed the execution first. */
    boolean commit(ExecutionRecord current, ExecutionRecord.Builder next) {
        next.version = current.version() + 1;
        return replace(next.build(), current.version());
    }

    List<ExecutionRecord> open() {
        return store.queryAll(CTX, QuerySpec.index(Index.GSI1, "WORKFLOW_OPEN").limit(QuerySpec.MAX_LIMIT), ExecutionRecord.class);
    }

    private static Item<ExecutionRecord> item(ExecutionRecord record) {
        Item<ExecutionRecord> item = Item.of(key(record.executionArn()), TYPE, record);
        if (record.status().isClosed()) {
            return item.expiringAt(record.stopDate().plus(RETENTION));
        }
        return item.withIndex(Index.GSI1, ItemKey.of(CTX, "WORKFLOW_OPEN", record.executionArn()));
    }

    private static ItemKey key(String executionArn) {
        return ItemKey.of(CTX, "WORKFLOW_EXECUTIONS", executionArn);
    }
}
