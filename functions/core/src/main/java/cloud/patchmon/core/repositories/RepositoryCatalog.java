package cloud.patchmon.core.repositories;

import cloud.patchmon.protocol.RepositoryEntry;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet repository records and their host memberships. A host's changed repository list
 * moves them by its diff alone: a membership put or delete plus one counter UpdateItem ADD per
 * changed repository, no read of other hosts. Records no host uses any more are kept (inactive),
 * as chapter 7 says; only an operator deletes them.
 */
public final class RepositoryCatalog {

    private static final String PARTITION = "REPOS";
    private static final String TYPE = "repository";
    private static final String LINK_TYPE = "repository_host";

    private final ItemStore store;
    private final Clock clock;

    public RepositoryCatalog(ItemStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static ItemKey key(TenantContext ctx, String id) {
        return ItemKey.of(ctx, PARTITION, "REPO#" + id);
    }

    static ItemKey linkKey(TenantContext ctx, String id, String hostId) {
        return ItemKey.of(ctx, "REPO#" + id, "HOST#" + hostId);
    }

    /**
     * Follows one host's repository list from {@code before} to {@code after} (either may be
     * empty: a first report, a deleted host). Writes nothing when the two identify the same
     * repositories with the same names, types and enabled flags.
     */
    public void apply(TenantContext ctx, String hostId, List<RepositoryEntry> before, List<RepositoryEntry> after) {
        Map<String, ReportedRepository> old = ReportedRepository.of(before);
        Map<String, ReportedRepository> now = ReportedRepository.of(after);
        List<Item<?>> linkPuts = new ArrayList<>();
        List<ItemKey> linkDeletes = new ArrayList<>();
        String at = clock.instant().toString();
        for (ReportedRepository r : now.values()) {
            ReportedRepository was = old.get(r.id());
            if (r.equals(was)) {
                continue;
            }
            if (was == null || was.enabled() != r.enabled()) {
                linkPuts.add(Item.of(linkKey(ctx, r.id(), hostId), LINK_TYPE, new RepositoryLink(r.id(), hostId, r.enabled())));
            }
            Map<String, Long> add = new LinkedHashMap<>();
            add.put("hosts", was == null ? 1L : 0L);
            add.put("hostsEnabled", (r.enabled() ? 1L : 0L) - (was != null && was.enabled() ? 1L : 0L));
            add.put("version", 1L);
            Map<String, String> set = new LinkedHashMap<>();
            set.put("id", r.id());
            set.put("url", r.url());
            set.put("distribution", r.distribution());
            set.put("components", r.components());
            set.put("repoType", r.repoType().isEmpty() ? null : r.repoType());
            set.put("secure", Boolean.toString(r.secure()));
            set.put("reportedName", r.name().isEmpty() ? null : r.name());
            set.put("updatedAt", at);
            store.adjust(ctx, key(ctx, r.id()), TYPE, add, set);
        }
        for (ReportedRepository r : old.values()) {
            if (now.containsKey(r.id())) {
                continue;
            }
            linkDeletes.add(linkKey(ctx, r.id(), hostId));
            Map<String, Long> add = new LinkedHashMap<>();
            add.put("hosts", -1L);
            add.put("hostsEnabled", r.enabled() ? -1L : 0L);
            add.put("version", 1L);
            store.adjust(ctx, key(ctx, r.id()), TYPE, add, Map.of("id", r.id(), "updatedAt", at));
        }
        if (!linkPuts.isEmpty() || !linkDeletes.isEmpty()) {
            store.writeAll(ctx, linkPuts, linkDeletes);
        }
    }

    /**
     * Every record of the tenant. A counter subtraction that raced a deletion may leave a bare
     * counter item without identity; it is no repository and the recount removes it.
     */
    public List<Repository> list(TenantContext ctx) {
        return all(ctx).stream().filter(r -> r.url() != null).toList();
    }

    List<Repository> all(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(PARTITION).sortBeginsWith("REPO#").limit(QuerySpec.MAX_LIMIT), Repository.class);
    }

    public Optional<Repository> find(TenantContext ctx, String id) {
        return store.get(ctx, key(ctx, id), Repository.class).filter(r -> r.url() != null);
    }

    /** The hosts using a repository: one query of its membership partition. */
    public List<RepositoryLink> links(TenantContext ctx, String id) {
        return store.queryAll(ctx, QuerySpec.partition("REPO#" + id).sortBeginsWith("HOST#").limit(QuerySpec.MAX_LIMIT), RepositoryLink.class);
    }

    /**
     * Replaces a record only if no report or edit changed it since {@code expectedVersion} was read.
     *
     * @return {@code false} when another writer got there first
     */
    boolean replace(TenantContext ctx, Repository updated, long expectedVersion) {
        return store.replaceIf(ctx, Item.of(key(ctx, updated.id()), TYPE, updated), "version", expectedVersion);
    }

    /** Removes a record and every membership of it. */
    void remove(TenantContext ctx, String id, List<RepositoryLink> links) {
        store.writeAll(ctx, List.of(), links.stream().map(l -> linkKey(ctx, id, l.hostId())).toList());
        store.delete(ctx, key(ctx, id));
    }

    /** Drops the bare counter items a race between a subtraction and a deletion left behind. */
    void removeBare(TenantContext ctx, List<String> ids) {
        store.writeAll(ctx, List.of(), ids.stream().map(id -> key(ctx, id)).toList());
    }
}
