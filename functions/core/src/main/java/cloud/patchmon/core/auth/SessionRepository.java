package cloud.patchmon.core.auth;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.List;
import java.util.Optional;

/** Sessions live under their user, so revoking all of a user's sessions is one query. */
public final class SessionRepository {

    private final ItemStore store;

    public SessionRepository(ItemStore store) {
        this.store = store;
    }

    private static ItemKey key(TenantContext ctx, String userId, String sessionId) {
        return ItemKey.of(ctx, "USER#" + userId, "SESSION#" + sessionId);
    }

    public void save(TenantContext ctx, Session session) {
        store.put(ctx, Item.of(key(ctx, session.userId(), session.id()), "session", session).expiringAt(session.expiresAt()));
    }

    public Optional<Session> find(TenantContext ctx, String userId, String sessionId) {
        return store.get(ctx, key(ctx, userId, sessionId), Session.class);
    }

    public List<Session> list(TenantContext ctx, String userId) {
        return store.query(ctx, QuerySpec.partition("USER#" + userId).sortBeginsWith("SESSION#").limit(QuerySpec.MAX_LIMIT), Session.class).items();
    }

    public boolean delete(TenantContext ctx, String userId, String sessionId) {
        return store.delete(ctx, key(ctx, userId, sessionId));
    }

    /** @return how many sessions were revoked */
    public int deleteAll(TenantContext ctx, String userId) {
        List<Session> sessions = list(ctx, userId);
        sessions.forEach(s -> store.delete(ctx, key(ctx, userId, s.id())));
        return sessions.size();
    }
}
